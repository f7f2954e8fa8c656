using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Features.Shared;
using Microsoft.AspNetCore.Components;
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
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "pipeline")] public Guid? PipelineParameter { get; set; }
    [SupplyParameterFromQuery(Name = "view")] public string? ViewParameter { get; set; }

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
    private bool zonesStale;
    // A card dropped into a lost stage while the dialog asks why: reloads meanwhile keep it where it was dropped.
    private (BoardCard Card, Guid StageId, int Index)? awaitingReason;
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
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Drop zones keep their own order of the cards they have seen and skip renders whose parameters
        // look unchanged: after the cards change, they are told to take the new ones, in the new order.
        if (!zonesStale || container is null) return;
        zonesStale = false;
        container.Refresh();
    }

    /// <summary>Loads the board again; <paramref name="keepLengths"/> keeps columns extended by "show more" as long.</summary>
    private async Task LoadBoardAsync(bool keepLengths = true)
    {
        if (pipelineId is not { } id) return;
        var load = ++loads;
        var shown = keepLengths && board?.PipelineId == id ? board.Shown : null;
        var loaded = await Board.GetBoardAsync(id, filter, shown, disposed.Token);
        if (load != loads) return;
        board = awaitingReason is { } held && loaded is not null ? loaded.WithCardAt(held.Card, held.StageId, held.Index) : loaded;
        zonesStale = true;
        problem = loaded is null ? "This pipeline no longer exists. Choose another one." : null;
    }

    private Task ReloadAsync() => view == BoardView.List && list is not null ? list.ReloadAsync() : LoadBoardAsync();

    private void ChoosePipeline(PipelineChoice choice) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("pipeline", choice.Id));

    private void ChooseView(BoardView chosen)
    {
        focusCardId = null;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("view", chosen == BoardView.List ? "list" : null));
    }

    // The list view reloads itself when its filter parameter changes; the board here. Other deals: columns start short again.
    private async Task ApplyFilterAsync(BoardFilter changed)
    {
        filter = changed;
        if (view == BoardView.Board) await LoadBoardAsync(keepLengths: false);
    }

    private bool InColumn(BoardCard card, string zone) => card.StageId.ToString() == zone;

    private async Task ShowMoreAsync(BoardStage stage)
    {
        if (board is null || stage.Cards.Count == 0) return;
        var more = await Board.MoreCardsAsync(board.PipelineId, stage.Id, filter, stage.Cards[^1].Rank, disposed.Token);
        board = board.WithMore(stage.Id, more);
        zonesStale = true;
    }

    private async Task DropAsync(MudItemDropInfo<BoardCard> drop)
    {
        if (board is null || drop.Item is not { } card || !Guid.TryParse(drop.DropzoneIdentifier, out var stageId)
            || board.Stage(stageId) is not { } target) return;
        focusCardId = null;
        var move = BoardMoves.Drop(board.PipelineId, target, card, drop.IndexInZone);
        // Shown where it was dropped at once; the reload after the move confirms or undoes it.
        board = board.WithCardAt(card, target.Id, drop.IndexInZone);
        zonesStale = true;
        await MoveAsync(card, target, drop.IndexInZone, move);
    }

    private async Task StepAsync((BoardCard Card, int Step) request)
    {
        if (board is null || BoardMoves.StageBeside(board, request.Card, request.Step) is not { } target) return;
        focusCardId = request.Card.Id;
        board = board.WithCardAt(request.Card, target.Id, 0);
        zonesStale = true;
        await MoveAsync(request.Card, target, 0, BoardMoves.ToTop(board.PipelineId, target, request.Card));
    }

    /// <summary>Asks for <paramref name="move"/> of <paramref name="card"/>, shown at <paramref name="index"/> of <paramref name="target"/>'s column meanwhile.</summary>
    private async Task MoveAsync(BoardCard card, BoardStage target, int index, DealMove move)
    {
        if (BoardMoves.NeedsLostReason(target, card))
        {
            StateHasChanged(); // the card waits in the lost column while the dialog asks why
            awaitingReason = (card, target.Id, index);
            var reason = await AskLostReasonAsync(card);
            awaitingReason = null;
            if (reason is null)
            {
                await LoadBoardAsync(); // cancelled: the card goes back
                return;
            }
            move = move with { LostReason = reason };
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
            options.Action = "Open";
            options.OnClick = _ => { Navigation.NavigateTo($"/deals/{id}"); return Task.CompletedTask; };
        });
        await ReloadAsync();
    }

    private async Task<string?> AskLostReasonAsync(BoardCard card)
    {
        var parameters = new DialogParameters<LostReasonDialog> { { d => d.DealTitle, card.Title } };
        var dialog = await Dialogs.ShowAsync<LostReasonDialog>("Deal lost", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        return await dialog.Result is { Canceled: false, Data: string reason } ? reason : null;
    }

    public void Dispose()
    {
        watching?.Dispose();
        disposed.Cancel();
        disposed.Dispose();
    }
}
