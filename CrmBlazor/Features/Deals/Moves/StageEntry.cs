using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Deals.Moves;

/// <summary>
/// What entering a stage does to a deal, the same whether it was dragged on the board, edited in its
/// dialog or moved off a deleted stage: an open stage reopens it, a won or lost stage closes it
/// (keeping the time it first closed), and only a lost stage keeps a lost reason.
/// </summary>
public static class StageEntry
{
    public static DateTimeOffset? ClosedAt(string stageKind, DateTimeOffset? closedAt, DateTimeOffset now) =>
        stageKind == PipelineStage.Open ? null : closedAt ?? now;

    public static string? LostReason(string stageKind, string? reason) => stageKind == PipelineStage.Lost ? reason : null;
}
