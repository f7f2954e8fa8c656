namespace CrmBlazor.Features.Pipeline;

/// <summary>
/// Move a deal to a stage, between two neighbours of that column (null = the top or the bottom),
/// as seen on a board loaded at <see cref="Version"/>.
/// </summary>
public sealed record DealMove(Guid DealId, uint Version, Guid ToStageId, Guid? AfterDealId, Guid? BeforeDealId, string? LostReason = null);

/// <summary>Moved (with the deal's new rank), or refused with a sentence; after a refusal the board reloads.</summary>
public sealed record DealMoveResult(bool Moved, string? Refusal, string? Rank = null)
{
    /// <summary>Rows the move wrote: the deal itself, or none when it was dropped back where it was.</summary>
    public int RowsUpdated { get; init; }

    public const string ChangedMeanwhile = "This deal or its column changed meanwhile; the board has been refreshed.";
    public const string LostReasonNeeded = "Say why the deal was lost.";

    public static DealMoveResult Refused(string why) => new(false, why);
}
