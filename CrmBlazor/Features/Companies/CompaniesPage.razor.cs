using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Features.Companies;

/// <summary>
/// The company list: search, role and owner filters, sort and page live in the URL (as the contacts list's do),
/// so a view survives reload and Back; the grid asks the service for one page at a time.
/// </summary>
public partial class CompaniesPage : IDisposable
{
    [SupplyParameterFromQuery(Name = "q")] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = "role")] public string? Role { get; set; }
    [SupplyParameterFromQuery(Name = "owner")] public string? OwnerIdText { get; set; }
    private Guid? OwnerId => QueryValue.Guid(OwnerIdText);
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public string? DescendingText { get; set; }
    private bool Descending => QueryValue.Bool(DescendingText);
    [SupplyParameterFromQuery(Name = "page")] public string? PageNumberText { get; set; }
    private int? PageNumber => QueryValue.Int(PageNumberText);
    [SupplyParameterFromQuery(Name = "size")] public string? PageSizeText { get; set; }
    private int? PageSize => QueryValue.Int(PageSizeText);

    private MudDataGrid<CompanyListItem>? grid;
    private ListAddress? listAddress;
    private CompanyQuery query = new();
    private IReadOnlyList<Choice> owners = [];
    private string? cappedNotice;
    private string? searchStatus;
    private readonly CancellationTokenSource disposed = new();

    /// <summary>Viewers get no write control at all (the services refuse them too).</summary>
    private bool CanEdit => Permissions.Allows(Tenant.Role, Permission.EditRecords);

    protected override async Task OnInitializedAsync()
    {
        query = CompanyListUrl.Parse(Search, Role, OwnerId, Sort, Descending, PageNumber, PageSize);
        owners = await Lookups.ActiveUsersAsync(disposed.Token);
    }

    // Searching, the name column's ascending order is the search's own (best first), so no arrow shows.
    private SortDirection Direction(CompanySort column) =>
        query.SortBy != column || (column == CompanySort.Name && SearchText.From(query.Search) is not null && !query.Descending) ? SortDirection.None
        : query.Descending ? SortDirection.Descending : SortDirection.Ascending;

    private async Task<GridData<CompanyListItem>> LoadAsync(GridState<CompanyListItem> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        query = query with
        {
            Page = state.Page,
            PageSize = state.PageSize,
            SortBy = sort is not null && Enum.TryParse<CompanySort>(sort.SortBy, out var by) ? by : sort is null && SearchText.From(query.Search) is null ? query.SortBy : CompanySort.Name,
            Descending = sort?.Descending ?? (SearchText.From(query.Search) is null && query.Descending),
        };
        var page = await Companies.ListAsync(query, ct);
        if (page.Items.Count == 0 && page.TotalCount > 0 && query.Page > 0)
        {
            // Past the last page (an old link, ?page=99, fewer matches now): show the last page instead of "No companies match".
            query = query with { Page = (page.TotalCount - 1) / query.PageSize };
            page = await Companies.ListAsync(query, ct);
        }
        var shown = query;
        if (listAddress is not null) await listAddress.KeepAsync(CompanyListUrl.For(Navigation, shown));
        // A search lists its best matches only; a column sort other than the name's (the search's own order) sorts just those.
        cappedNotice = page.IsCapped ? SearchNotice.Capped("companies", sortChosen: shown.SortBy != CompanySort.Name || shown.Descending) : null;
        searchStatus = SearchText.From(shown.Search) is { } text ? SearchNotice.Found(text, page.TotalCount, page.IsCapped, "company", "companies") : null;
        StateHasChanged(); // the notice, status, export view and the grid's CurrentPage sit outside the grid, which re-renders only itself
        return new GridData<CompanyListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task SearchChangedAsync(string? text) =>
        ApplyAsync(query with { Search = string.IsNullOrWhiteSpace(text) ? null : text });

    private async Task ApplyAsync(CompanyQuery changed)
    {
        // A narrower result may have fewer pages than the one being shown.
        query = changed with { Page = 0 };
        if (grid is null) return;
        grid.NavigateTo(MudBlazor.Page.First);
        await grid.ReloadServerData();
    }

    private async Task NewCompanyAsync()
    {
        var dialog = await Dialogs.ShowAsync<CompanyDialog>("New company", new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Guid id })
            Navigation.NavigateTo($"/companies/{id}");
    }

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }
}
