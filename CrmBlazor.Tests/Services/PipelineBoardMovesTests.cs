using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Deals.Moves;

namespace CrmBlazor.Tests.Services;

/// <summary>How a drop or a shortcut on the board becomes a move: which neighbours, which stage.</summary>
public sealed class PipelineBoardMovesTests
{
    private static readonly BoardCard A = Card("A"), B = Card("B"), C = Card("C"), D = Card("D");
    private static readonly Guid Pipeline = Guid.NewGuid();

    [Theory]
    [InlineData(0, null, "A")]
    [InlineData(1, "A", "B")]
    [InlineData(3, "C", null)]
    [InlineData(-1, null, "A")]
    [InlineData(99, "C", null)]
    public void A_card_dropped_from_another_column_goes_between_the_cards_around_its_index(int index, string? after, string? before)
    {
        var column = Stage(PipelineStage.Open, A, B, C);

        var move = BoardMoves.Drop(Pipeline, column, D, index);

        Assert.Equal((D.Id, D.Version, column.Id), (move.DealId, move.Version, move.ToStageId));
        Assert.Equal((IdOf(after), IdOf(before)), (move.AfterDealId, move.BeforeDealId));
        // Everything the move depends on is on screen, so it carries it: the card as shown and its new neighbours' ranks.
        Assert.Equal(new MoveAsShown(Pipeline, D.StageId, D.Rank, D.ClosedAt, D.LostReason, PipelineStage.Open, after?.ToLowerInvariant(), before?.ToLowerInvariant()),
            move.Shown);
    }

    [Fact]
    public void Within_its_column_the_card_itself_is_not_its_own_neighbour()
    {
        var column = Stage(PipelineStage.Open, A, B, C, D);

        var down = BoardMoves.Drop(Pipeline, column, A, 2); // A dropped below C: B, C, A, D
        var up = BoardMoves.Drop(Pipeline, column, D, 0);

        Assert.Equal((C.Id, D.Id), (down.AfterDealId, down.BeforeDealId));
        Assert.Equal((null, A.Id), (up.AfterDealId, up.BeforeDealId));
    }

    [Fact]
    public void Dropped_below_the_last_card_shown_it_lands_before_the_first_one_not_shown()
    {
        var hidden = Guid.NewGuid();
        var column = Stage(PipelineStage.Open, A, B) with { NextCardId = hidden };

        var move = BoardMoves.Drop(Pipeline, column, D, 2);

        Assert.Equal((B.Id, hidden), (move.AfterDealId, move.BeforeDealId));
        Assert.Null(move.Shown); // the hidden card's rank is not on screen: the move reads it
    }

    [Fact]
    public void The_shortcut_steps_one_stage_either_way_and_stops_at_the_ends()
    {
        var (first, middle, last) = (Stage(PipelineStage.Open, A), Stage(PipelineStage.Open, B), Stage(PipelineStage.Lost, C));
        var board = new PipelineBoard(Guid.NewGuid(), "Sales", [first, middle, last]);

        Assert.Equal(last, BoardMoves.StageBeside(board, B with { StageId = middle.Id }, +1));
        Assert.Equal(first, BoardMoves.StageBeside(board, B with { StageId = middle.Id }, -1));
        Assert.Null(BoardMoves.StageBeside(board, A with { StageId = first.Id }, -1));
        Assert.Null(BoardMoves.StageBeside(board, C with { StageId = last.Id }, +1));
    }

    [Fact]
    public void The_shortcut_puts_the_card_at_the_top_of_the_column_where_it_stays_in_view()
    {
        var column = Stage(PipelineStage.Open, A, B) with { NextCardId = Guid.NewGuid() };

        var move = BoardMoves.ToTop(Pipeline, column, D);

        Assert.Equal((null, A.Id), (move.AfterDealId, move.BeforeDealId));
        Assert.Equal(new MoveAsShown(Pipeline, D.StageId, D.Rank, D.ClosedAt, D.LostReason, PipelineStage.Open, null, A.Rank), move.Shown);
        // An empty column shows no neighbour to go before: the move reads the column's bottom as it is then.
        var empty = BoardMoves.ToTop(Pipeline, Stage(PipelineStage.Open), D);
        Assert.Equal((null, null, null), (empty.AfterDealId, empty.BeforeDealId, empty.Shown));
    }

    [Fact]
    public void Only_entering_a_lost_stage_asks_for_a_reason()
    {
        var lost = Stage(PipelineStage.Lost);

        Assert.True(BoardMoves.NeedsLostReason(lost, A));
        Assert.False(BoardMoves.NeedsLostReason(lost, A with { StageId = lost.Id }));
        Assert.False(BoardMoves.NeedsLostReason(Stage(PipelineStage.Won), A));
    }

    [Fact]
    public void A_dropped_card_shows_at_its_index_of_the_new_column_at_once()
    {
        var (from, to) = (Stage(PipelineStage.Open, A, B), Stage(PipelineStage.Open, C, D));
        var board = new PipelineBoard(Guid.NewGuid(), "Sales", [from, to]);

        var shown = board.WithCardAt(A, to.Id, 1);

        Assert.Equal([B.Id], shown.Stages[0].Cards.Select(c => c.Id));
        Assert.Equal([C.Id, A.Id, D.Id], shown.Stages[1].Cards.Select(c => c.Id));
        Assert.Equal(to.Id, shown.Stages[1].Cards[1].StageId);
    }

    private static Guid? IdOf(string? title) => title is null ? null : new[] { A, B, C, D }.Single(c => c.Title == title).Id;

    private static BoardStage Stage(string kind, params BoardCard[] cards)
    {
        var id = Guid.NewGuid();
        return new(id, kind, kind, "#607D8B", cards.Length, [], cards.Select(c => c with { StageId = id }).ToList(), null);
    }

    private static BoardCard Card(string title) =>
        new(Guid.NewGuid(), Guid.Empty, title, null, 100m, "USD", null, null, null, null, title.ToLowerInvariant(), 7);
}
