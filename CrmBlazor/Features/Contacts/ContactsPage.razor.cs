using CrmBlazor.Features.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Features.Contacts;

/// <summary>
/// The contacts list: search, filters, sort and page live in the URL; the grid asks the service for
/// one page at a time. Selected contacts can be tagged, given an owner or deleted together.
/// </summary>
public partial class ContactsPage
{
    [SupplyParameterFromQuery(Name = "q")] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = "tag")] public Guid? TagId { get; set; }
    [SupplyParameterFromQuery(Name = "owner")] public Guid? OwnerId { get; set; }
    [SupplyParameterFromQuery(Name = "company")] public Guid? CompanyId { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public bool Descending { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? PageNumber { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public int? PageSize { get; set; }

    private MudDataGrid<ContactRow>? grid;
    private ContactQuery query = new();
    private IReadOnlyList<TagLabel> tags = [];
    private IReadOnlyList<Choice> owners = [];
    private HashSet<ContactRow> selected = [];
    private int? capped;
    private readonly CancellationTokenSource disposed = new();

    protected override async Task OnInitializedAsync()
    {
        query = ContactListUrl.Parse(Search, TagId, OwnerId, CompanyId, Sort, Descending, PageNumber, PageSize);
        tags = await Lookups.TagsAsync(disposed.Token);
        owners = await Lookups.ActiveUsersAsync(disposed.Token);
    }

    private SortDirection Direction(ContactSort column) =>
        query.Sort != column || (column == ContactSort.Name && query.HasSearch && !query.Descending) ? SortDirection.None
        : query.Descending ? SortDirection.Descending : SortDirection.Ascending;

    private async Task<GridData<ContactRow>> LoadAsync(GridState<ContactRow> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        query = query with
        {
            Page = state.Page,
            PageSize = state.PageSize,
            Sort = sort is null ? (query.HasSearch ? ContactSort.Name : query.Sort) : ContactListUrl.SortFor(sort.SortBy),
            Descending = sort?.Descending ?? false,
        };
        // Only a real change of view touches the URL: a navigation closes any open dialog.
        var url = Navigation.ToAbsoluteUri(ContactListUrl.For(Navigation, query)).ToString();
        if (url != Navigation.Uri) Navigation.NavigateTo(url, replace: true);
        var result = await Contacts.SearchAsync(query, ct);
        int? nowCapped = result.IsCapped ? result.TotalCount : null;
        if (nowCapped != capped)
        {
            capped = nowCapped;
            StateHasChanged(); // the notice sits outside the grid, which re-renders only itself
        }
        return new GridData<ContactRow> { Items = result.Rows, TotalItems = result.TotalCount };
    }

    private async Task ApplyAsync(ContactQuery changed)
    {
        query = changed with { Page = 0 };
        selected = [];
        if (grid is not null) await grid.ReloadServerData();
    }

    private async Task NewContactAsync()
    {
        var dialog = await Dialogs.ShowAsync<ContactDialog>("New contact", new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Guid id })
            Navigation.NavigateTo($"/contacts/{id}");
    }

    private Task AddTagAsync(Guid tagId) => BulkAsync(ids => Contacts.BulkAddTagAsync(ids, tagId), "Tag added");
    private Task RemoveTagAsync(Guid tagId) => BulkAsync(ids => Contacts.BulkRemoveTagAsync(ids, tagId), "Tag removed");
    private Task ChangeOwnerAsync(Guid? ownerId) => BulkAsync(ids => Contacts.BulkChangeOwnerAsync(ids, ownerId), "Owner changed");

    private async Task BulkAsync(Func<IReadOnlyCollection<Guid>, Task> change, string done)
    {
        if (await Refusals.TryAsync(Snackbar, () => change(selected.Select(c => c.Id).ToList())))
        {
            Snackbar.Add($"{done}: {selected.Count} contact(s).", Severity.Success);
            selected = [];
            if (grid is not null) await grid.ReloadServerData();
        }
    }

    private async Task DeleteSelectedAsync()
    {
        var ids = selected.Select(c => c.Id).ToList();
        if (!await Refusals.TryAsync(Snackbar, () => Contacts.DeleteAsync(ids))) return;
        selected = [];
        if (grid is not null) await grid.ReloadServerData();
        UndoSnackbar.Offer(Snackbar, $"Deleted {ids.Count} contact(s).", async () =>
        {
            if (await Refusals.TryAsync(Snackbar, () => Contacts.RestoreAsync(ids)) && grid is not null)
                await InvokeAsync(grid.ReloadServerData);
        });
    }

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }
}
