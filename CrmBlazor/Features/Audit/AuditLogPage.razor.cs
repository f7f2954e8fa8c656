using CrmBlazor.Features.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Features.Audit;

/// <summary>
/// Admin → Audit log: every entry of the tenant, newest first, a page at a time, with filters and page in
/// the URL (reload and Back keep the view); a row opens to show its fields' old and new values or the event's detail.
/// </summary>
public partial class AuditLogPage : IDisposable
{
    [SupplyParameterFromQuery(Name = "user")] public string? ByUser { get; set; }
    [SupplyParameterFromQuery(Name = "action")] public string? ActionName { get; set; }
    [SupplyParameterFromQuery(Name = "type")] public string? RecordType { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromDay { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToDay { get; set; }
    [SupplyParameterFromQuery(Name = "name")] public string? RecordName { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public string? PageNumberText { get; set; }
    private int? PageNumber => QueryValue.Int(PageNumberText);
    [SupplyParameterFromQuery(Name = "size")] public string? PageSizeText { get; set; }
    private int? PageSize => QueryValue.Int(PageSizeText);

    private MudTable<AuditEntry>? table;
    private ListAddress? listAddress;
    private AuditQuery query = new();
    private AuditPage? page;
    private IReadOnlyList<Choice> users = [];
    private readonly HashSet<long> expanded = [];
    private readonly CancellationTokenSource disposed = new();

    private bool NameTooShort => query.Name is { } name && query.NameFilter is null && name.Trim().Length > 0;

    protected override async Task OnInitializedAsync()
    {
        query = AuditLogUrl.Parse(ByUser, ActionName, RecordType, FromDay, ToDay, RecordName, PageNumber, PageSize);
        users = await Audit.UsersAsync(disposed.Token);
    }

    private async Task<TableData<AuditEntry>> LoadAsync(TableState state, CancellationToken ct)
    {
        query = query with { Page = state.Page, PageSize = state.PageSize };
        page = await Audit.PageAsync(query, ct);
        if (page.Items.Count == 0 && page.TotalCount > 0 && query.Page > 0)
        {
            // Past the last page (an old link, fewer matches now): the last page instead of "No entries match".
            query = query with { Page = (Math.Min(page.TotalCount, AuditQuery.CountCap) - 1) / query.PageSize };
            page = await Audit.PageAsync(query, ct);
        }
        expanded.Clear();
        if (listAddress is not null) await listAddress.KeepAsync(AuditLogUrl.For(Navigation, query));
        StateHasChanged(); // the count, the notice and the export link sit outside the table, which re-renders only itself
        return new TableData<AuditEntry> { Items = page.Items, TotalItems = Math.Min(page.TotalCount, AuditQuery.CountCap) };
    }

    private void Toggle(long id)
    {
        if (!expanded.Remove(id)) expanded.Add(id);
    }

    private Task NameChangedAsync(string? text) => ApplyAsync(query with { Name = string.IsNullOrWhiteSpace(text) ? null : text });

    private async Task ApplyAsync(AuditQuery changed)
    {
        // A narrower view may have fewer pages than the one being shown.
        query = changed with { Page = 0 };
        if (table is null) return;
        table.NavigateTo(0);
        await table.ReloadServerData();
    }

    private static DateTime? ToDateTime(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? ToDate(DateTime? day) => day is { } d ? DateOnly.FromDateTime(d) : null;

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }
}
