using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Features.Trash;

/// <summary>
/// The trash: one page of deleted records at a time, the kind chosen in the address (<c>?kind=contact</c>).
/// Restore for those who edit (asking first to bring back deleted records the chosen ones point at); delete
/// forever for the Owner, after a confirmation. Viewers only read.
/// </summary>
public partial class TrashPage
{
    [SupplyParameterFromQuery(Name = "kind")] public string? KindName { get; set; }

    private MudDataGrid<TrashItem>? grid;
    private TrashKind? kind;
    private HashSet<TrashItem> selected = [];

    private bool CanEdit => Permissions.Allows(Tenant.Role, Permission.EditRecords);
    private bool CanDeleteForever => Permissions.Allows(Tenant.Role, Permission.ManageTenant);

    protected override async Task OnParametersSetAsync()
    {
        var asked = TrashKinds.Parse(KindName);
        if (asked == kind) return;
        kind = asked;
        selected = [];
        if (grid is not null) await grid.ReloadServerData();
    }

    private async Task<GridData<TrashItem>> LoadAsync(GridState<TrashItem> state, CancellationToken ct)
    {
        var page = await Trash.ListAsync(new TrashQuery(kind, state.Page, state.PageSize), ct);
        return new GridData<TrashItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private static string KindText(TrashKind? shown) => shown is { } k ? TrashKinds.Plural(k) : "Everything";

    private void ChooseKind(TrashKind? chosen) =>
        Navigation.NavigateTo(chosen is { } k ? TrashKinds.TrashUrl(k) : "/trash");

    private async Task RestoreAsync(IReadOnlyList<TrashItem> items)
    {
        var keys = items.Select(i => i.Key).ToList();
        var (parents, refusal) = await Refusals.TryAsync(() => Trash.DeletedParentsAsync(keys));
        if (refusal is not null)
        {
            Snackbar.Add(refusal, Severity.Warning);
            return;
        }
        if (parents is { Count: > 0 })
        {
            var names = string.Join(", ", parents.Select(p => $"{TrashKinds.Slug(p.Kind)} {p.Name}"));
            var choice = await Dialogs.ShowMessageBoxAsync("Restore what they belong to?",
                $"{Plural.Of(items.Count, "record")} you chose point at records that are in the trash too: {names}. Restore those as well?",
                yesText: "Restore them too", noText: "Only what I chose", cancelText: "Cancel");
            if (choice is null) return;
            if (choice == true) keys.AddRange(parents.Select(p => p.Key));
        }
        var (outcome, denied) = await Refusals.TryAsync(() => Trash.RestoreAsync(keys));
        await ReportAsync(denied ?? outcome!.Refusal, $"Restored {Plural.Of(outcome?.Count ?? 0, "record")}.");
    }

    private async Task DeleteForeverAsync(IReadOnlyList<TrashItem> items)
    {
        var what = items.Count == 1 ? $"\"{items[0].Name}\"" : Plural.Of(items.Count, "record");
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete forever",
            $"Delete {what} forever? Tags, roles and deal participants go with them, and records that point at them lose the link. This cannot be undone.",
            yesText: "Delete forever", cancelText: "Cancel");
        if (confirmed != true) return;
        var (outcome, denied) = await Refusals.TryAsync(() => Trash.DeleteForeverAsync(items.Select(i => i.Key).ToList()));
        await ReportAsync(denied ?? outcome!.Refusal, $"Deleted {Plural.Of(outcome?.Count ?? 0, "record")} forever.");
    }

    private async Task ReportAsync(string? refusal, string done)
    {
        if (refusal is not null)
        {
            Snackbar.Add(refusal, Severity.Warning);
            return;
        }
        Snackbar.Add(done, Severity.Success);
        selected = [];
        if (grid is not null) await grid.ReloadServerData();
    }
}
