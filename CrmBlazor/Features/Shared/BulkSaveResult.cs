namespace CrmBlazor.Features.Shared;

/// <summary>
/// The outcome of creating many records all-or-nothing: every id, in the order given, or the first
/// record refused (its zero-based place and why), in which case none was saved.
/// </summary>
public sealed record BulkSaveResult(IReadOnlyList<Guid> Ids, int? RefusedAt = null, SaveResult? Refusal = null)
{
    public bool Succeeded => RefusedAt is null;

    public static BulkSaveResult Saved(IReadOnlyList<Guid> ids) => new(ids);
    public static BulkSaveResult Refused(int index, SaveResult why) => new([], index, why);
}
