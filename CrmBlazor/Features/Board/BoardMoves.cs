using CrmBlazor.Features.Deals.Moves;
namespace CrmBlazor.Features.Board;

/// <summary>Turns what happened on the board (a drop, a keyboard shortcut) into the <see cref="DealMove"/> it asks for.</summary>
internal static class BoardMoves
{
    /// <summary>
    /// <paramref name="card"/> dropped at <paramref name="index"/> of <paramref name="target"/>'s column (of the board of <paramref name="pipeline"/>), counted without the card
    /// itself: its neighbours are the cards on either side there. Dropped below the last card shown,
    /// it lands before the first one not shown yet, not at the very bottom of a long column. The move
    /// carries what the board shows of it when that is all it depends on (every neighbour's rank is on screen).
    /// </summary>
    public static DealMove Drop(Guid pipeline, BoardStage target, BoardCard card, int index, string? lostReason = null)
    {
        var others = target.Cards.Where(c => c.Id != card.Id).ToList();
        index = Math.Clamp(index, 0, others.Count);
        var after = index > 0 ? others[index - 1] : null;
        var before = index < others.Count ? others[index] : null;
        var move = new DealMove(card.Id, card.Version, target.Id, after?.Id, before?.Id ?? target.NextCardId, lostReason);
        return before is null && target.HasMore ? move : move with
        {
            Shown = new(pipeline, card.StageId, card.Rank, card.ClosedAt, card.LostReason, target.Kind, after?.Rank, before?.Rank),
        };
    }

    /// <summary>The stage <paramref name="step"/> places away from <paramref name="card"/>'s (+1 the next, -1 the previous), or null past either end.</summary>
    public static BoardStage? StageBeside(PipelineBoard board, BoardCard card, int step)
    {
        var at = board.Stages.ToList().FindIndex(s => s.Id == card.StageId);
        var to = at + step;
        return at < 0 || to < 0 || to >= board.Stages.Count ? null : board.Stages[to];
    }

    /// <summary>
    /// To the top of <paramref name="target"/>'s column (of the board of <paramref name="pipeline"/>), where the card is in view however
    /// long the column: the keyboard's move. It names the card shown first (none in an empty column), and goes above
    /// whatever is first when it is written (<see cref="DealMove.ToTop"/>).
    /// </summary>
    public static DealMove ToTop(Guid pipeline, BoardStage target, BoardCard card, string? lostReason = null)
    {
        var first = target.Cards.FirstOrDefault(c => c.Id != card.Id);
        var move = new DealMove(card.Id, card.Version, target.Id, null, first?.Id ?? target.NextCardId, lostReason) { ToTop = true };
        return first is null ? move : move with
        {
            Shown = new(pipeline, card.StageId, card.Rank, card.ClosedAt, card.LostReason, target.Kind, null, first.Rank),
        };
    }

    /// <summary>Entering a lost stage needs a reason; a lost deal moved within its column keeps the one it has.</summary>
    public static bool NeedsLostReason(BoardStage target, BoardCard card) => target.IsLost && card.StageId != target.Id;
}
