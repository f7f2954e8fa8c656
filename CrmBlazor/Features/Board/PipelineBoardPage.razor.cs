using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Features.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace CrmBlazor.Features.Board;

public enum BoardView { Board, List }

/// <summary>
/// The pipeline board: loads a pipeline's columns, turns drops and shortcuts into moves for
/// <see cref="DealMoveService"/>, and reloads whenever the pipeline's change feed says its deals changed.
/// </summary>
public partial class PipelineBoardPage
{
    [Inject] private PipelineBoardService Board { get; set; } = default!;
    [Inject] private DealMoveService Moves { get; set; } = default!;
    [Inject] private DealOutcomeService Outcomes { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "pipeline")] public string? PipelineParameterText { get; set; }
    private Guid? PipelineParameter => QueryValue.Guid(PipelineParameterText);
    [SupplyParameterFromQuery(Name = "view")] public string? ViewParameter { get; set; }

    // The filters live in the address, so a reload, a shared link and Back show the same deals (BoardFilterQuery).
    [SupplyParameterFromQuery(Name = BoardFilterQuery.Search)] public string? SearchParameter { get; set; }
    [SupplyParameterFromQuery(Name = BoardFilterQuery.Owner)] public string? OwnerParameter { get; set; }
    [SupplyParameterFromQuery(Name = BoardFilterQuery.Tag)] public string? TagParameterText { get; set; }
    private Guid? TagParameter => QueryValue.Guid(TagParameterText);
    [SupplyParameterFromQuery(Name = BoardFilterQuery.CloseFrom)] public string? CloseFromParameter { get; set; }
    [SupplyParameterFromQuery(Name = BoardFilterQuery.CloseTo)] public string? CloseToParameter { get; set; }

    private IReadOnlyList<PipelineChoice> pipelines = [];
    private BoardChoices choices = new([], []);
    private BoardFilter filter = new();
    private BoardView view;
    private Guid? pipelineId;
    private PipelineBoard? board;
    private string? problem;
    private bool canMove;
    private Guid? focusCardId;
    private string? announcement;
    private MudDropContainer<BoardCard>? container;
    private DealListView? list;
    private IDisposable? watching;
    // Loads can overlap (a drop and the feed's echo of it); only the latest one is shown.
    private int loads;
    // A card carried by keyboard, or dropped into a lost stage while the dialog asks why: reloads meanwhile keep it where it is shown.
    private (BoardCard Card, Guid StageId, int Index)? held;
    // The card as loaded and the stage Shift+arrows carried it to; moved only when Shift is released.
    private (BoardCard Card, BoardStage Target)? carried;
    private readonly CancellationTokenSource disposed = new();

    private PipelineChoice? Chosen => pipelines.FirstOrDefault(p => p.Id == pipelineId);

    protected override async Task OnInitializedAsync()
    {
        canMove = Board.CanMoveDeals;
        pipelines = await Board.ListPipelinesAsync(disposed.Token);
        choices = await Board.ListChoicesAsync(disposed.Token);
    }

    protected override async Task OnParametersSetAsync()
    {
        var previousView = view;
        var previousFilter = filter;
        filter = BoardFilterQuery.Read(choices, SearchParameter, OwnerParameter, TagParameter, CloseFromParameter, CloseToParameter);
        view = string.Equals(ViewParameter, "list", StringComparison.OrdinalIgnoreCase) ? BoardView.List : BoardView.Board;
        // An unknown or missing ?pipeline= shows the default pipeline.
        var chosen = pipelines.FirstOrDefault(p => p.Id == PipelineParameter) ?? pipelines.FirstOrDefault();
        if (chosen is null)
        {
            problem = "This workspace has no pipeline yet. An administrator can create one under Admin → Pipelines.";
            return;
        }
        if (chosen.Id != pipelineId)
        {
            pipelineId = chosen.Id;
            board = null;
            focusCardId = null;
            watching?.Dispose();
            watching = Board.Watch(chosen.Id, _ => InvokeAsync(async () =>
            {
                await ReloadAsync();
                StateHasChanged();
            }));
        }
        // Back from the list, whose reloads left the board as it was.
        if (view == BoardView.Board && (board is null || previousView != BoardView.Board)) await LoadBoardAsync();
        // Other deals: columns start short again. (The list view reloads itself when its filter parameter changes.)
        else if (view == BoardView.Board && filter != previousFilter) await LoadBoardAsync(keepLengths: false);
    }

    /// <summary>
    /// Shows the board's current cards. Drop zones keep their own order of the cards they have seen and skip renders
    /// whose parameters look unchanged, so after the cards change they are told to take them again: the page renders
    /// first, so the container holds the new cards when the zones read them. (This used to wait for the render's
    /// OnAfterRender, which comes only once the browser acknowledged it; under load a board whose drop had just been
    /// cancelled never got there and kept the card in the column it was dropped in.)
    /// </summary>
    private void ShowCards()
    {
        StateHasChanged();
        container?.Refresh();
    }

    /// <summary>Loads the board again; <paramref name="keepLengths"/> keeps columns extended by "show more" as long.</summary>
    private async Task LoadBoardAsync(bool keepLengths = true)
    {
        if (pipelineId is not { } id) return;
        var load = ++loads;
        var shown = keepLengths && board?.PipelineId == id ? board.Shown : null;
        var loaded = await Board.GetBoardAsync(id, filter, shown, disposed.Token);
        if (load != loads) return;
        board = held is { } kept && loaded is not null ? loaded.WithCardAt(kept.Card, kept.StageId, kept.Index) : loaded;
        problem = loaded is null ? "This pipeline no longer exists. Choose another one." : null;
        ShowCards();
    }

    private Task ReloadAsync() => view == BoardView.List && list is not null ? list.ReloadAsync() : LoadBoardAsync();

    private void ChoosePipeline(PipelineChoice choice) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("pipeline", choice.Id));

    private void ChooseView(BoardView chosen)
    {
        focusCardId = null;
        // Either way the list opens at its default sort and first page (DealListUrl writes nothing for them).
        var parameters = DealListUrl.Keys.ToDictionary(key => key, _ => (object?)null);
        parameters["view"] = chosen == BoardView.List ? "list" : null;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters));
    }

    /// <summary>A new filter goes into the address (a new history entry, so Back returns to the one before); the page then shows it.</summary>
    private void ApplyFilter(BoardFilter changed) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(BoardFilterQuery.Write(changed)));

    /// <summary>Won and lost columns (always last) stay pinned at the right edge, side by side; open ones scroll.</summary>
    private static int? PinnedRight(PipelineBoard board, BoardStage stage)
    {
        if (stage.Kind == Data.Entities.PipelineStage.Open) return null;
        var after = board.Stages.SkipWhile(s => s.Id != stage.Id).Skip(1).Count(s => s.Kind != Data.Entities.PipelineStage.Open);
        return after * (BoardColumn.PinnedWidth + BoardColumn.Gap);
    }

    private bool InColumn(BoardCard card, string zone) => card.StageId.ToString() == zone;

    private async Task ShowMoreAsync(BoardStage stage)
    {
        if (board is null || stage.Cards.Count == 0) return;
        var more = await Board.MoreCardsAsync(board.PipelineId, stage.Id, filter, stage.Cards[^1].Rank, disposed.Token);
        board = board.WithMore(stage.Id, more);
        ShowCards();
    }

    private async Task DropAsync(MudItemDropInfo<BoardCard> drop)
    {
        if (board is null || drop.Item is not { } card || !Guid.TryParse(drop.DropzoneIdentifier, out var stageId)
            || board.Stage(stageId) is not { } target) return;
        focusCardId = null;
        var move = BoardMoves.Drop(board.PipelineId, target, card, drop.IndexInZone);
        // Shown where it was dropped at once; the reload after the move confirms or undoes it.
        board = board.WithCardAt(card, target.Id, drop.IndexInZone);
        ShowCards();
        await MoveAsync(card, target, drop.IndexInZone, move);
    }

    /// <summary>
    /// Shift+arrow: shows the card at the top of the next or previous column, without moving it yet, so
    /// a card carried through "Won" on its way to "Lost" never records a win (<see cref="CommitCarriedAsync"/>).
    /// </summary>
    private void Step((BoardCard Card, int Step) request)
    {
        if (board is null || BoardMoves.StageBeside(board, request.Card, request.Step) is not { } target) return;
        var original = carried is { } c && c.Card.Id == request.Card.Id ? c.Card : request.Card;
        focusCardId = request.Card.Id;
        carried = target.Id == original.StageId ? null : (original, target);
        held = carried is null ? null : (original, target.Id, 0);
        board = board.WithCardAt(original, target.Id, 0);
        ShowCards();
        announcement = carried is null ? $"{original.Title} back in {target.Name}." : $"{original.Title} over {target.Name}; release Shift to move it there.";
    }

    /// <summary>
    /// Shift (or Enter, in case Shift was released while the focus was elsewhere) released on the board: the carried
    /// card moves to the stage it was carried to. Heard here, not on the card: a carried card's element is replaced
    /// when it changes column, and a release that reached the old element before the browser applied that change was
    /// lost (the card then stayed shown in the new column, unmoved).
    /// </summary>
    private Task KeyUpAsync(KeyboardEventArgs e) =>
        canMove && e.Key is "Shift" or "Enter" && carried is { } c ? CommitCarriedAsync(c.Card) : Task.CompletedTask;

    private async Task CommitCarriedAsync(BoardCard card)
    {
        if (board is null || carried is not { } c || c.Card.Id != card.Id) return;
        carried = null;
        held = null;
        var target = board.Stage(c.Target.Id) ?? c.Target;
        await MoveAsync(c.Card, target, 0, BoardMoves.ToTop(board.PipelineId, target, c.Card));
    }

    /// <summary>Mark won, Mark lost (asking why) or Reopen, from a card's menu.</summary>
    private async Task OutcomeAsync((BoardCard Card, DealOutcome Outcome) request)
    {
        if (board is null) return;
        var card = request.Card;
        LostOutcome? lost = null;
        if (request.Outcome == DealOutcome.Lost && (lost = await AskLostReasonAsync(card)) is null) return;
        var (result, refusal) = await Refusals.TryAsync(() => request.Outcome switch
        {
            DealOutcome.Won => Outcomes.MarkWonAsync(card.Id, card.Version, disposed.Token),
            DealOutcome.Lost => Outcomes.MarkLostAsync(card.Id, card.Version, lost!, disposed.Token),
            _ => Outcomes.ReopenAsync(card.Id, card.Version, disposed.Token),
        });
        if (result is { Moved: true }) announcement = $"{card.Title} marked {request.Outcome.ToString().ToLowerInvariant()}.";
        else Snackbar.Add(refusal ?? result!.Refusal ?? DealMoveResult.ChangedMeanwhile, Severity.Warning);
        await LoadBoardAsync();
    }

    /// <summary>Asks for <paramref name="move"/> of <paramref name="card"/>, shown at <paramref name="index"/> of <paramref name="target"/>'s column meanwhile.</summary>
    private async Task MoveAsync(BoardCard card, BoardStage target, int index, DealMove move)
    {
        if (BoardMoves.NeedsLostReason(target, card))
        {
            StateHasChanged(); // the card waits in the lost column while the dialog asks why
            held = (card, target.Id, index);
            var reason = await AskLostReasonAsync(card);
            held = null;
            if (reason is null)
            {
                await LoadBoardAsync(); // cancelled: the card goes back
                return;
            }
            move = move with { LostReason = reason.Text, LostReasonId = reason.ReasonId };
        }
        var (result, refusal) = await Refusals.TryAsync(() => Moves.MoveAsync(move, disposed.Token));
        if (result is { Moved: true }) announcement = $"{card.Title} moved to {target.Name}.";
        else Snackbar.Add(refusal ?? result!.Refusal ?? DealMoveResult.ChangedMeanwhile, Severity.Warning);
        await LoadBoardAsync();
    }

    /// <summary>The deal lands in this pipeline's first open stage unless the dialog picks another; the board shows it on reload.</summary>
    private async Task NewDealAsync()
    {
        var parameters = new DialogParameters<DealDialog> { { d => d.PipelineId, pipelineId } };
        var dialog = await Dialogs.ShowAsync<DealDialog>("New deal", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: Guid id }) return;
        Snackbar.Add("Deal created", Severity.Success, options =>
        {
            // Long enough to reach "Open", short enough not to cover the buttons below it for a minute.
            options.VisibleStateDuration = 5000;
            options.Action = "Open";
            options.OnClick = _ => { Navigation.NavigateTo($"/deals/{id}"); return Task.CompletedTask; };
        });
        await ReloadAsync();
    }

    private Task<LostOutcome?> AskLostReasonAsync(BoardCard card) => LostReasonDialog.AskAsync(Dialogs, card.Title, board!.PipelineId);

    public void Dispose()
    {
        watching?.Dispose();
        disposed.Cancel();
        disposed.Dispose();
    }
}
