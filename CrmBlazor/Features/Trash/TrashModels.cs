namespace CrmBlazor.Features.Trash;

/// <summary>The kinds of record the trash holds; the name is what the address says (<c>/trash?kind=contact</c>).</summary>
public enum TrashKind { Contact, Company, Deal, Activity }

/// <summary>One record in the trash.</summary>
public sealed record TrashKey(TrashKind Kind, Guid Id);

/// <summary>A row of the trash: what was deleted, who deleted it (null when the log does not say) and when it goes for good.</summary>
public sealed record TrashItem(TrashKind Kind, Guid Id, string Name, DateTimeOffset DeletedAt, string? DeletedBy = null)
{
    public TrashKey Key => new(Kind, Id);
    public DateTimeOffset PurgedAfter => DeletedAt + TrashWindow.Length;
}

/// <summary>A page of the trash, newest deletion first; only one kind when <paramref name="Kind"/> is set.</summary>
public sealed record TrashQuery(TrashKind? Kind = null, int Page = 0, int PageSize = 25);

public sealed record TrashListResult(IReadOnlyList<TrashItem> Items, int TotalCount);

/// <summary>How many records a restore or a delete forever changed, or the sentence why it changed none.</summary>
public sealed record TrashOutcome(int Count, string? Refusal = null)
{
    public bool Succeeded => Refusal is null;
}

public static class TrashKinds
{
    /// <summary>The kind's heading in the filter: "Companies".</summary>
    public static string Plural(TrashKind kind) => kind switch
    {
        TrashKind.Company => "Companies",
        TrashKind.Activity => "Activities",
        _ => kind + "s",
    };

    /// <summary>The kind's name in the address, e.g. "contact".</summary>
    public static string Slug(TrashKind kind) => kind.ToString().ToLowerInvariant();

    public static TrashKind? Parse(string? slug) =>
        slug is { Length: > 0 } && slug.All(char.IsLetter) && Enum.TryParse<TrashKind>(slug, ignoreCase: true, out var kind) ? kind : null;

    /// <summary>The trash page showing this kind: where "(deleted)" links point.</summary>
    public static string TrashUrl(TrashKind kind) => $"/trash?kind={Slug(kind)}";
}
