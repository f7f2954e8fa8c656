namespace CrmBlazor.Features.Deals.Moves;

/// <summary>
/// Move a deal to a stage, between two neighbours of that column (null = the top or the bottom),
/// as seen on a board loaded at <see cref="Version"/>.
/// </summary>
public sealed record DealMove(Guid DealId, uint Version, Guid ToStageId, Guid? AfterDealId, Guid? BeforeDealId, string? LostReason = null)
{
    /// <summary>The pipeline's listed reason <see cref="LostReason"/> is the text of, when it is one; kept by a move within the lost column.</summary>
    public Guid? LostReasonId { get; init; }

    /// <summary>What the board showed, when it showed everything the move depends on; the move is then a single statement.</summary>
    public MoveAsShown? Shown { get; init; }

    /// <summary>
    /// To the top of the column as it is when the move is written (a keyboard move): the card named as the top one
    /// having left or been passed meanwhile does not refuse it. On a busy pipeline, colleagues keep moving cards in
    /// and out of the top of a column, and the rep asked for the top, not for a place next to a card.
    /// </summary>
    public bool ToTop { get; init; }
}

/// <summary>
/// Everything a move depends on, as a board showed it: the deal as of the move's version (its
/// pipeline, stage, rank, closing time and lost reason), the kind of the stage it goes to, and the
/// ranks of the neighbours it goes between (null where none is named). The move is computed from
/// these and written only where all of them still hold.
/// </summary>
public sealed record MoveAsShown(
    Guid PipelineId, Guid FromStageId, string FromRank, DateTimeOffset? ClosedAt, string? LostReason,
    string ToStageKind, string? AfterRank, string? BeforeRank);

/// <summary>Moved (with the deal's new rank), or refused with a sentence; after a refusal the board reloads.</summary>
public sealed record DealMoveResult(bool Moved, string? Refusal, string? Rank = null)
{
    /// <summary>Rows the move wrote: the deal itself, or none when it was dropped back where it was.</summary>
    public int RowsUpdated { get; init; }

    public const string ChangedMeanwhile = "This deal or its column changed meanwhile; the board has been refreshed.";
    public const string LostReasonNeeded = "Say why the deal was lost.";

    public static DealMoveResult Refused(string why) => new(false, why);
}
