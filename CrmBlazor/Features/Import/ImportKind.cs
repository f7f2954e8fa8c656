namespace CrmBlazor.Features.Import;

/// <summary>What a file is imported as. The names are also the values of <c>import_jobs.kind</c> (lower-cased).</summary>
public enum ImportKind
{
    Contacts,
    Companies,
    Deals,
}

public static class ImportKinds
{
    /// <summary>The kind as <c>import_jobs.kind</c>, presets and the address hold it, which is also its table's name: "contacts".</summary>
    public static string Key(this ImportKind kind) => kind.ToString().ToLowerInvariant();
}
