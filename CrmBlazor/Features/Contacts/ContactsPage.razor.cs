using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Features.Contacts;

/// <summary>
/// The contacts list: search, filters, sort and page live in the URL; the grid asks the service for
/// one page at a time. Selected contacts can be tagged, given an owner or deleted together.
/// </summary>
public partial class ContactsPage : IDisposable
{
    [SupplyParameterFromQuery(Name = "q")] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = "tag")] public string? TagIdText { get; set; }
    private Guid? TagId => QueryValue.Guid(TagIdText);
    [SupplyParameterFromQuery(Name = "owner")] public string? OwnerIdText { get; set; }
    private Guid? OwnerId => QueryValue.Guid(OwnerIdText);
    [SupplyParameterFromQuery(Name = "company")] public string? CompanyIdText { get; set; }
    private Guid? CompanyId => QueryValue.Guid(CompanyIdText);
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public string? DescendingText { get; set; }
    private bool Descending => QueryValue.Bool(DescendingText);
    [SupplyParameterFromQuery(Name = "page")] public string? PageNumberText { get; set; }
    private int? PageNumber => QueryValue.Int(PageNumberText);
    [SupplyParameterFromQuery(Name = "size")] public string? PageSizeText { get; set; }
    private int? PageSize => QueryValue.Int(PageSizeText);

    private MudDataGrid<ContactRow>? grid;
    private ContactQuery query = new();
    private IReadOnlyList<TagLabel> tags = [];
    private IReadOnlyList<Choice> owners = [];
    private HashSet<ContactRow> selected = [];
    private bool selecting;
    private string? cappedNotice;
    private string? searchStatus;
    private ListAddress? listAddress;
    private readonly CancellationTokenSource disposed = new();

    protected override async Task OnInitializedAsync()
    {
        query = ContactListUrl.Parse(Search, TagId, OwnerId, CompanyId, Sort, Descending, PageNumber, PageSize);
        tags = await Lookups.TagsAsync(disposed.Token);
        owners = await Lookups.ActiveUsersAsync(disposed.Token);
    }

    /// <summary>Viewers get no write control at all (the services refuse them too).</summary>
    private bool CanEdit => Permissions.Allows(Tenant.Role, Permission.EditRecords);

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
        var result = await Contacts.SearchAsync(query, ct);
        if (result.Rows.Count == 0 && result.TotalCount > 0 && query.Page > 0)
        {
            // Past the last page (an old link, ?page=99, fewer matches now): show the last page instead of "No contacts match".
            query = query with { Page = (result.TotalCount - 1) / query.PageSize };
            result = await Contacts.SearchAsync(query, ct);
            StateHasChanged(); // the grid's CurrentPage follows query.Page
        }
        var loading = query;
        if (listAddress is not null) await listAddress.KeepAsync(ContactListUrl.For(Navigation, loading));
        var notice = CappedNotice(loading, result);
        var status = SearchText.From(loading.Search) is { } search
            ? SearchNotice.Found(search, result.TotalCount, result.IsCapped, "contact", "contacts") : null;
        if (notice != cappedNotice || status != searchStatus)
        {
            (cappedNotice, searchStatus) = (notice, status);
            StateHasChanged(); // the notice and status sit outside the grid, which re-renders only itself
        }
        return new GridData<ContactRow> { Items = result.Rows, TotalItems = result.TotalCount };
    }

    /// <summary>What the list says when it shows fewer contacts than match; null when it shows them all.</summary>
    private static string? CappedNotice(ContactQuery query, ContactSearchResult result) =>
        !result.IsCapped ? null
        // Searching, the name column's ascending order is the search's own, best first.
        : query.HasSearch ? SearchNotice.Capped("contacts", sortChosen: query.Sort != ContactSort.Name || query.Descending)
        : $"More than {result.TotalCount:N0} contacts match; the list shows the first {result.TotalCount:N0}. Narrow the filters to see the rest.";

    private async Task ApplyAsync(ContactQuery changed)
    {
        query = changed with { Page = 0 };
        selected = [];
        if (grid is not null) await grid.ReloadServerData();
    }

    /// <summary>Shows or hides the row checkboxes; hiding them lets go of the selection too, so no hidden rows stay selected.</summary>
    private void ToggleSelecting()
    {
        selecting = !selecting;
        if (!selecting) selected = [];
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
            Snackbar.Add($"{done}: {Plural.Of(selected.Count, "contact")}.", Severity.Success);
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
        UndoSnackbar.Offer(Snackbar, $"Deleted {Plural.Of(ids.Count, "contact")}.", async () =>
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
