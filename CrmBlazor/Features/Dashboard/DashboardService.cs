using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Dashboard;

/// <summary>
/// The dashboard's figures. Each one is a count or a sum grouped in PostgreSQL; no query brings deals
/// or activities back one by one, except the few rows of the feed. Periods follow <see cref="UtcCalendar"/>.
/// </summary>
public sealed class DashboardService(IDbContextFactory<CrmDbContext> dbFactory, ITenantContext tenant, TimeProvider clock)
{
    public const int FeedLength = 10;

    public async Task<DashboardSummary> GetAsync(DashboardScope scope, CancellationToken ct = default)
    {
        // "Mine" compares owner ids: without a user it would match the unowned records instead.
        var me = tenant.UserId ?? throw new PermissionDeniedException("You are not signed in.");
        var mine = scope == DashboardScope.Mine;
        var now = clock.GetUtcNow();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deals = mine ? db.Deals.Where(d => d.OwnerId == me) : db.Deals;
        var activities = mine ? db.Activities.Where(a => a.OwnerId == me) : db.Activities;

        return new DashboardSummary(
            await ContactCountAsync(db, mine ? me : null, ct),
            await OpenDealsAsync(deals, ct),
            await PipelineAsync(db, deals, ct),
            await ClosedAsync(deals, UtcCalendar.Month(now), ct),
            await ClosedAsync(deals, UtcCalendar.Quarter(now), ct),
            await TasksAsync(activities, UtcCalendar.Day(now), ct),
            await FeedAsync(activities, ct));
    }

    /// <summary>
    /// The team's contacts are the tally the triggers keep (one row, at a million contacts too); one
    /// owner's are counted, through the index on owner.
    /// </summary>
    internal static async Task<int> ContactCountAsync(CrmDbContext db, Guid? owner, CancellationToken ct) =>
        owner is { } id
            ? await db.Contacts.CountAsync(c => c.OwnerId == id, ct)
            : (int)await ContactSearch.LiveCount(db).FirstOrDefaultAsync(ct);

    private static async Task<IReadOnlyList<CurrencyTotal>> OpenDealsAsync(IQueryable<Deal> deals, CancellationToken ct) =>
        await deals.Where(d => d.Stage!.Kind == PipelineStage.Open)
            .GroupBy(d => d.Currency).OrderBy(g => g.Key)
            .Select(g => new CurrencyTotal(g.Key, g.Count(), g.Sum(d => d.Value)))
            .ToListAsync(ct);

    private static async Task<PipelineByStage> PipelineAsync(CrmDbContext db, IQueryable<Deal> deals, CancellationToken ct)
    {
        // Closed deals are no longer pipeline: won and lost have figures of their own.
        var stages = await db.PipelineStages
            .Where(s => s.Kind == PipelineStage.Open && db.Pipelines.Any(p => p.Id == s.PipelineId && p.IsDefault))
            .OrderBy(s => s.Position).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var sums = await deals.Where(d => d.Pipeline!.IsDefault && d.Stage!.Kind == PipelineStage.Open)
            .GroupBy(d => new { d.StageId, d.Currency })
            .Select(g => new { g.Key.StageId, g.Key.Currency, Value = g.Sum(d => d.Value) })
            .ToListAsync(ct);
        var series = sums.Select(s => s.Currency).Distinct().Order()
            .Select(currency => new StageSeries(currency, stages
                .Select(stage => sums.SingleOrDefault(s => s.StageId == stage.Id && s.Currency == currency)?.Value ?? 0m).ToList()))
            .ToList();
        return new PipelineByStage(stages.Select(s => s.Name).ToList(), series);
    }

    /// <summary>Deals closed as won or lost within the period, by currency.</summary>
    private static async Task<ClosedDeals> ClosedAsync(IQueryable<Deal> deals, (DateTimeOffset Start, DateTimeOffset End) period, CancellationToken ct)
    {
        var totals = await deals
            .Where(d => d.ClosedAt >= period.Start && d.ClosedAt < period.End && d.Stage!.Kind != PipelineStage.Open)
            .GroupBy(d => new { d.Stage!.Kind, d.Currency })
            .Select(g => new { g.Key.Kind, g.Key.Currency, Count = g.Count(), Value = g.Sum(d => d.Value) })
            .ToListAsync(ct);
        IReadOnlyList<CurrencyTotal> Of(string kind) =>
            totals.Where(t => t.Kind == kind).OrderBy(t => t.Currency).Select(t => new CurrencyTotal(t.Currency, t.Count, t.Value)).ToList();
        return new ClosedDeals(Of(PipelineStage.Won), Of(PipelineStage.Lost));
    }

    private static async Task<TaskCounts> TasksAsync(IQueryable<Activity> activities, (DateTimeOffset Start, DateTimeOffset End) today, CancellationToken ct)
    {
        var open = activities.Where(a => a.Type == Activity.Task && a.CompletedAt == null);
        return new TaskCounts(
            await open.CountAsync(a => a.DueAt < today.Start, ct),
            await open.CountAsync(a => a.DueAt >= today.Start && a.DueAt < today.End, ct));
    }

    private static async Task<IReadOnlyList<FeedItem>> FeedAsync(IQueryable<Activity> activities, CancellationToken ct)
    {
        // A logged call or a finished task happened when it was completed; an open task, when it was created.
        var rows = await activities.OrderByDescending(a => a.CompletedAt ?? a.CreatedAt).ThenByDescending(a => a.CreatedAt)
            .ThenByDescending(a => a.Id).Take(FeedLength)
            .Select(a => new
            {
                At = a.CompletedAt ?? a.CreatedAt, a.Type, a.Subject, Who = a.Owner!.FullName,
                ContactId = (Guid?)a.Contact!.Id, a.Contact.FirstName, a.Contact.LastName,
            })
            .ToListAsync(ct);
        return rows.Select(r => new FeedItem(r.At, r.Type, r.Subject, r.Who, r.ContactId,
            r.ContactId is null ? null : $"{r.FirstName} {r.LastName}".Trim())).ToList();
    }
}
