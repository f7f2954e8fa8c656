using System.Linq.Expressions;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Features.Trash;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Activities;

/// <summary>
/// Reads the activities page and the navigation's due-task count; every filter and group is a SQL query.
/// "Today" is the server's UTC day (<see cref="UtcCalendar"/>).
/// </summary>
public sealed class ActivityListService(IDbContextFactory<CrmDbContext> dbFactory, ITenantContext tenant, TimeProvider clock)
{
    /// <summary>Rows per group or list: more than this is a backlog to filter, not to scroll.</summary>
    public const int Limit = 100;

    /// <summary>How far back the Completed group reaches.</summary>
    public static readonly TimeSpan CompletedWindow = TimeSpan.FromDays(30);

    public async Task<ActivityListView> ListAsync(ActivityFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activities = OwnedBy(db.Activities.Where(a => a.Type == filter.Type), filter.Owner);
        if (filter.Type != Activity.Task)
            return await LoggedAsync(db, activities, filter, ct);

        var (today, tomorrow) = UtcCalendar.Day(clock.GetUtcNow());
        var open = activities.Where(a => a.CompletedAt == null);
        var since = clock.GetUtcNow() - CompletedWindow;
        return new(new TaskGroups(
            await RowsAsync(db, open.Where(a => a.DueAt < today).OrderBy(a => a.DueAt), ct),
            await RowsAsync(db, open.Where(a => a.DueAt >= today && a.DueAt < tomorrow).OrderBy(a => a.DueAt), ct),
            // A task without a due date is never late: it waits with the upcoming ones, last (NULLs sort last).
            await RowsAsync(db, open.Where(a => a.DueAt >= tomorrow || a.DueAt == null).OrderBy(a => a.DueAt), ct),
            await RowsAsync(db, activities.Where(a => a.CompletedAt >= since).OrderByDescending(a => a.CompletedAt), ct)), []);
    }

    private static async Task<ActivityListView> LoggedAsync(CrmDbContext db, IQueryable<Activity> activities, ActivityFilter filter, CancellationToken ct)
    {
        var count = await activities.CountAsync(ct);
        var pageCount = Math.Max(1, (count + ActivityFilter.PageSize - 1) / ActivityFilter.PageSize);
        // A page past the end (an old link, rows deleted since) shows the last page rather than nothing.
        var page = ListPaging.Page(Math.Min(filter.Page, pageCount - 1), ActivityFilter.PageSize);
        var ordered = filter.Oldest
            ? activities.OrderBy(a => a.CompletedAt ?? a.CreatedAt).ThenBy(a => a.CreatedAt)
            : activities.OrderByDescending(a => a.CompletedAt ?? a.CreatedAt).ThenByDescending(a => a.CreatedAt);
        return new(null, await RowsAsync(db, ordered, ct, page * ActivityFilter.PageSize, ActivityFilter.PageSize), page, pageCount);
    }

    /// <summary>Everyone's activities about one deal, the latest first (a task by its due date until it is done).</summary>
    public Task<IReadOnlyList<ActivityRow>> ForDealAsync(Guid dealId, CancellationToken ct = default) =>
        AboutAsync(a => a.DealId == dealId, ct);

    /// <summary>A company's activities: those logged about it, its contacts or its deals carry its id.</summary>
    public Task<IReadOnlyList<ActivityRow>> ForCompanyAsync(Guid companyId, CancellationToken ct = default) =>
        AboutAsync(a => a.CompanyId == companyId, ct);

    private async Task<IReadOnlyList<ActivityRow>> AboutAsync(Expression<Func<Activity, bool>> about, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RowsAsync(db, db.Activities.Where(about).OrderByDescending(a => a.CompletedAt ?? a.DueAt ?? a.CreatedAt), ct);
    }

    /// <summary>The signed-in user's open tasks due by the end of today (overdue included), for the navigation badge.</summary>
    public async Task<int> CountDueTasksAsync(CancellationToken ct = default)
    {
        if (tenant.UserId is not { } me) return 0;
        var (_, tomorrow) = UtcCalendar.Day(clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Activities
            .CountAsync(a => a.OwnerId == me && a.Type == Activity.Task && a.CompletedAt == null && a.DueAt < tomorrow, ct);
    }

    /// <summary>Me, everyone, then each other active user by name.</summary>
    public async Task<IReadOnlyList<ActivityOwner>> ListOwnersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await LookupService.ActiveUsers(db).ToListAsync(ct);
        return [ActivityOwner.Me, ActivityOwner.All, .. users.Where(u => u.Id != tenant.UserId).Select(u => new ActivityOwner(u.Name, u.Id))];
    }

    private IQueryable<Activity> OwnedBy(IQueryable<Activity> activities, ActivityOwner owner) => owner switch
    {
        { Everyone: true } => activities,
        { UserId: { } userId } => activities.Where(a => a.OwnerId == userId),
        // Nobody signed in owns nothing; comparing with a null id would list the unowned instead.
        _ => tenant.UserId is { } me ? activities.Where(a => a.OwnerId == me) : activities.Where(a => false),
    };

    private static async Task<IReadOnlyList<ActivityRow>> RowsAsync(
        CrmDbContext db, IOrderedQueryable<Activity> activities, CancellationToken ct, int skip = 0, int take = Limit)
    {
        // Ties (same due date, same minute) keep one order between reloads, so rows do not jump.
        var rows = await activities.ThenBy(a => a.Id).Skip(skip).Take(take)
            .Select(a => new
            {
                a.Id, a.Type, a.Subject, a.DueAt, a.CompletedAt, a.CreatedAt, a.DurationMinutes, a.Outcome,
                // The keys as stored, and the names through the navigations: a deleted contact or deal (hidden by its
                // filter) comes back without a name, and is then looked up in the trash.
                a.ContactId, a.Contact!.FirstName, a.Contact.LastName, LiveContactId = (Guid?)a.Contact.Id,
                a.DealId, DealTitle = a.Deal!.Title, OwnerName = a.Owner!.FullName,
            })
            .ToListAsync(ct);
        var trashedContacts = await TrashedNames.ContactsAsync(db, rows.Where(r => r.ContactId is not null && r.LiveContactId is null).Select(r => r.ContactId!.Value), ct);
        var trashedDeals = await TrashedNames.DealsAsync(db, rows.Where(r => r.DealId is not null && r.DealTitle is null).Select(r => r.DealId!.Value), ct);
        return rows.Select(r => new ActivityRow(r.Id, r.Type, r.Subject, r.DueAt, r.CompletedAt, r.CreatedAt,
            r.ContactId, r.LiveContactId is not null ? $"{r.FirstName} {r.LastName}".Trim() : trashedContacts.GetValueOrDefault(r.ContactId ?? Guid.Empty),
            r.DealId, r.DealTitle ?? trashedDeals.GetValueOrDefault(r.DealId ?? Guid.Empty), r.OwnerName,
            r.DurationMinutes, r.Outcome)
        {
            ContactTrashed = r.ContactId is { } contact && trashedContacts.ContainsKey(contact),
            DealTrashed = r.DealId is { } deal && trashedDeals.ContainsKey(deal),
        }).ToList();
    }
}
