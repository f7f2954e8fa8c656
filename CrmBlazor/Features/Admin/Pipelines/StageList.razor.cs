using CrmBlazor.Features.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Features.Admin.Pipelines;

public partial class StageList
{
    private static readonly DialogOptions Small = new() { MaxWidth = MaxWidth.Small, FullWidth = true };
    private static readonly DialogOptions Narrow = new() { MaxWidth = MaxWidth.ExtraSmall };

    [Parameter, EditorRequired] public PipelineSummary Pipeline { get; set; } = default!;

    /// <summary>Something was saved (or may have been): reload the pipeline.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    /// <summary>A change refused as a whole: the sentence to show, and reload.</summary>
    [Parameter] public EventCallback<string> OnProblem { get; set; }

    private MudDropContainer<Guid>? container;
    private List<Guid> order = [];
    private Dictionary<Guid, StageRow> stages = [];
    private PipelineSummary? shown;

    protected override void OnParametersSet()
    {
        order = Pipeline.Stages.Select(s => s.Id).ToList();
        stages = Pipeline.Stages.ToDictionary(s => s.Id);
    }

    // The drop zone redraws its items only when told, in the order it last showed: once the container
    // holds a reloaded pipeline, it must forget that order and draw the stages as they now are.
    protected override void OnAfterRender(bool firstRender)
    {
        if (ReferenceEquals(shown, Pipeline)) return;
        if (shown is not null) container?.Refresh();
        shown = Pipeline;
    }

    private Task DroppedAsync(MudItemDropInfo<Guid> drop)
    {
        var reordered = order.Where(id => id != drop.Item).ToList();
        reordered.Insert(Math.Clamp(drop.IndexInZone, 0, reordered.Count), drop.Item);
        return ReorderAsync(reordered);
    }

    private Task MoveAsync(Guid stageId, int offset)
    {
        var (from, to) = (order.IndexOf(stageId), order.IndexOf(stageId) + offset);
        if (to < 0 || to >= order.Count) return Task.CompletedTask;
        var reordered = order.ToList();
        (reordered[from], reordered[to]) = (reordered[to], reordered[from]);
        return ReorderAsync(reordered);
    }

    private async Task ReorderAsync(List<Guid> reordered)
    {
        if (reordered.SequenceEqual(order)) return;
        var (result, refusal) = await Refusals.TryAsync(() => Pipelines.ReorderStagesAsync(Pipeline.Id, reordered));
        if ((refusal ?? result!.Problem) is { } problem) await OnProblem.InvokeAsync(problem);
        else
        {
            Snackbar.Add("Stage order saved", Severity.Success);
            await OnChanged.InvokeAsync();
        }
    }

    private async Task AddAsync()
    {
        var parameters = new DialogParameters<StageDialog> { { d => d.PipelineId, Pipeline.Id } };
        var dialog = await Dialogs.ShowAsync<StageDialog>("Add stage", parameters, Small);
        if (await dialog.Result is not { Canceled: false }) return;
        Snackbar.Add("Stage added", Severity.Success);
        await OnChanged.InvokeAsync();
    }

    private async Task RecolorAsync(StageRow stage)
    {
        var parameters = new DialogParameters<StageColorDialog> { { d => d.Stage, stage } };
        var dialog = await Dialogs.ShowAsync<StageColorDialog>($"Color of {stage.Name}", parameters, Narrow);
        if (await dialog.Result is not { Canceled: false }) return;
        Snackbar.Add("Stage color changed", Severity.Success);
        await OnChanged.InvokeAsync();
    }

    private async Task DeleteAsync(StageRow stage)
    {
        var parameters = new DialogParameters<StageDeleteDialog>
        {
            { d => d.Stage, stage },
            { d => d.Others, Pipeline.Stages.Where(s => s.Id != stage.Id).ToList() },
        };
        var dialog = await Dialogs.ShowAsync<StageDeleteDialog>($"Delete {stage.Name}", parameters, Small);
        if (await dialog.Result is { Canceled: false, Data: string done }) Snackbar.Add(done, Severity.Success);
        // Reloaded even after Cancel: the dialog may have been refused because the pipeline had changed.
        await OnChanged.InvokeAsync();
    }
}
