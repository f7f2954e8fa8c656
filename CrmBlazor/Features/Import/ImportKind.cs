namespace CrmBlazor.Features.Import;

/// <summary>What a file is imported as. The names are also the values of <c>import_jobs.kind</c> (lower-cased).</summary>
public enum ImportKind
{
    Contacts,
    Companies,
    Deals,
}
