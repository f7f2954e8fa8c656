using System.Collections.Concurrent;
using System.Data.Common;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Dashboard;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// The dashboard's figures on the seeded demo tenant plus known deals, each checked against SQL written
/// here independently. Each test uses a currency of its own, so the others' deals do not disturb it.
/// </summary>
public sealed class DashboardServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_deals_and_the_pipeline_count_only_live_open_deals_of_the_chosen_owners_per_currency()
    {
        var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        var ownerId = await db.ActingUserIdAsync();
        await using var _ = db;
        var memberId = await UserIdAsync(db, DemoTenant.Member);
        await AddDealAsync(db, "Prospecting", 1234.56m, "GBP", ownerId);
        await AddDealAsync(db, "Negotiation", 100m, "GBP", ownerId);
        await AddDealAsync(db, "Prospecting", 999m, "GBP", ownerId, deleted: true);
        await AddDealAsync(db, "Closed Won", 500m, "GBP", ownerId, closedAt: Now);
        await AddDealAsync(db, "Proposal", 250m, "GBP", memberId);

        var mine = await SummaryAsync(DashboardScope.Mine);
        var team = await SummaryAsync(DashboardScope.Team);

        Assert.Equal(new CurrencyTotal("GBP", 2, 1334.56m), mine.OpenDeals.Single(t => t.Currency == "GBP"));
        Assert.Equal(new CurrencyTotal("GBP", 3, 1584.56m), team.OpenDeals.Single(t => t.Currency == "GBP"));
        Assert.Equal(await OpenDealsInSqlAsync(db, ownerId), mine.OpenDeals);
        Assert.Equal(await OpenDealsInSqlAsync(db, null), team.OpenDeals);

        Assert.Equal(["Prospecting", "Qualification", "Proposal", "Negotiation"], mine.Pipeline.Stages);
        Assert.Equal([1234.56m, 0m, 0m, 100m], mine.Pipeline.Series.Single(s => s.Currency == "GBP").Values);
        Assert.Equal([1234.56m, 0m, 250m, 100m], team.Pipeline.Series.Single(s => s.Currency == "GBP").Values);
        foreach (var series in team.Pipeline.Series)
            Assert.Equal(await StageValuesInSqlAsync(db, series.Currency), series.Values);
    }

    [Fact]
    public async Task Won_this_month_counts_a_deal_closed_today_and_not_one_closed_last_year()
    {
        var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        var ownerId = await db.ActingUserIdAsync();
        await using var _ = db;
        var memberId = await UserIdAsync(db, DemoTenant.Member);
        await AddDealAsync(db, "Closed Won", 5000m, "JPY", ownerId, closedAt: Now);
        await AddDealAsync(db, "Closed Won", 7000m, "JPY", ownerId, closedAt: Now.AddYears(-1));
        await AddDealAsync(db, "Closed Won", 800m, "JPY", ownerId, closedAt: new DateTimeOffset(2026, 10, 15, 9, 0, 0, TimeSpan.Zero));
        await AddDealAsync(db, "Closed Won", 900m, "JPY", ownerId, closedAt: Now, deleted: true);
        await AddDealAsync(db, "Closed Lost", 300m, "JPY", ownerId, closedAt: Now);
        await AddDealAsync(db, "Closed Won", 40m, "JPY", memberId, closedAt: Now);

        var mine = await SummaryAsync(DashboardScope.Mine);
        var team = await SummaryAsync(DashboardScope.Team);

        Assert.Equal(new CurrencyTotal("JPY", 1, 5000m), mine.ThisMonth.Won.Single(t => t.Currency == "JPY"));
        Assert.Equal(new CurrencyTotal("JPY", 1, 300m), mine.ThisMonth.Lost.Single(t => t.Currency == "JPY"));
        Assert.Equal(new CurrencyTotal("JPY", 2, 5800m), mine.ThisQuarter.Won.Single(t => t.Currency == "JPY"));
        Assert.Equal(new CurrencyTotal("JPY", 2, 5040m), team.ThisMonth.Won.Single(t => t.Currency == "JPY"));
        Assert.Equal(await ClosedInSqlAsync(db, "won", "month", ownerId), mine.ThisMonth.Won);
        Assert.Equal(await ClosedInSqlAsync(db, "lost", "quarter", null), team.ThisQuarter.Lost);
    }

    [Fact]
    public async Task Contacts_tasks_and_the_feed_follow_the_owner_and_the_utc_day()
    {
        var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        var ownerId = await db.ActingUserIdAsync();
        await using var _ = db;
        await using (var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Owner))
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ActivityService>().CreateAsync(
                new ActivityForm { Type = Activity.Task, Subject = "Send the dashboard figures", DueAt = Now }, Ct));

        var mine = await SummaryAsync(DashboardScope.Mine);
        var team = await SummaryAsync(DashboardScope.Team);

        Assert.Equal(await db.CountAsync("contacts where owner_id = @u and deleted_at is null", ("u", ownerId)), mine.Contacts);
        Assert.Equal(60, team.Contacts);
        const string open = "activities where type = 'task' and completed_at is null and deleted_at is null and owner_id = @u";
        const string today = "date_trunc('day', @now at time zone 'UTC') at time zone 'UTC'";
        Assert.Equal(new TaskCounts(
                (int)await db.CountAsync($"{open} and due_at < {today}", ("u", ownerId), ("now", Now)),
                (int)await db.CountAsync($"{open} and due_at >= {today} and due_at < {today} + interval '1 day'", ("u", ownerId), ("now", Now))),
            mine.Tasks);
        Assert.True(mine.Tasks.DueToday >= 1);
        var latest = mine.RecentActivity[0];
        Assert.Equal(("Send the dashboard figures", "Dana Demo"), (latest.Subject, latest.Who));
        Assert.Equal(DashboardService.FeedLength, team.RecentActivity.Count);
        Assert.Equal(team.RecentActivity.OrderByDescending(f => f.At).Select(f => f.At), team.RecentActivity.Select(f => f.At));
    }

    [Fact]
    public async Task Every_statement_that_reads_deals_aggregates_them_in_the_database()
    {
        var statements = new ConcurrentQueue<string>();
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Owner);
        await using var dataSource = new NpgsqlDataSourceBuilder(App.AppConnectionString).Build();
        var factory = new RecordingFactory(dataSource, scope.ServiceProvider.GetRequiredService<ITenantContext>(), statements);
        var dashboard = ActivatorUtilities.CreateInstance<DashboardService>(scope.ServiceProvider, factory, new FixedClock(Now));

        await dashboard.GetAsync(DashboardScope.Team, Ct);

        var readingDeals = statements.Where(sql => sql.Contains("FROM deals")).ToList();
        Assert.Equal(4, readingDeals.Count); // open deals, pipeline, this month, this quarter
        Assert.All(readingDeals, sql => Assert.Contains("GROUP BY", sql));
    }

    private async Task<DashboardSummary> SummaryAsync(DashboardScope scope)
    {
        await using var services = await DemoTenant.ActAsAsync(App, DemoTenant.Owner);
        var dashboard = ActivatorUtilities.CreateInstance<DashboardService>(services.ServiceProvider, new FixedClock(Now));
        return await dashboard.GetAsync(scope, Ct);
    }

    private static Task<Guid> UserIdAsync(DbSession db, string email) =>
        db.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", email));

    private static Task<Guid> AddDealAsync(DbSession db, string stage, decimal value, string currency, Guid ownerId,
        DateTimeOffset? closedAt = null, bool deleted = false) =>
        db.ScalarAsync<Guid>("""
            insert into deals (title, pipeline_id, stage_id, owner_id, value, currency, probability, rank, closed_at, deleted_at)
            select 'Known deal', s.pipeline_id, s.id, @owner, @value, @currency, 50, @rank, @closed::timestamptz, case when @deleted then now() end
            from pipeline_stages s join pipelines p on p.id = s.pipeline_id and p.is_default where s.name = @stage
            returning id
            """, ("stage", stage), ("value", value), ("currency", currency), ("owner", ownerId), ("rank", Guid.NewGuid().ToString("N")),
            ("closed", closedAt), ("deleted", deleted));

    private static async Task<List<CurrencyTotal>> OpenDealsInSqlAsync(DbSession db, Guid? ownerId) =>
        await TotalsAsync(db, """
            select d.currency, count(*), sum(d.value) from deals d join pipeline_stages s on s.id = d.stage_id
            where s.kind = 'open' and d.deleted_at is null and (@u::uuid is null or d.owner_id = @u)
            group by d.currency order by d.currency
            """, ("u", ownerId));

    private static async Task<List<CurrencyTotal>> ClosedInSqlAsync(DbSession db, string kind, string period, Guid? ownerId) =>
        await TotalsAsync(db, $"""
            select d.currency, count(*), sum(d.value) from deals d join pipeline_stages s on s.id = d.stage_id
            where s.kind = @kind and d.deleted_at is null and (@u::uuid is null or d.owner_id = @u)
              and date_trunc('{period}', d.closed_at at time zone 'UTC') = date_trunc('{period}', @now at time zone 'UTC')
            group by d.currency order by d.currency
            """, ("kind", kind), ("u", ownerId), ("now", Now));

    /// <summary>The team's open value in CURRENCY for each open stage of the default pipeline, in position order.</summary>
    private static async Task<List<decimal>> StageValuesInSqlAsync(DbSession db, string currency) =>
        await db.ListAsync<decimal>("""
            select coalesce((select sum(d.value) from deals d where d.stage_id = s.id and d.currency = @c and d.deleted_at is null), 0)
            from pipeline_stages s join pipelines p on p.id = s.pipeline_id and p.is_default
            where s.kind = 'open' order by s.position
            """, ("c", currency));

    private static async Task<List<CurrencyTotal>> TotalsAsync(DbSession db, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, db.Connection);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var totals = new List<CurrencyTotal>();
        while (await reader.ReadAsync(Ct))
            totals.Add(new CurrencyTotal(reader.GetString(0), (int)reader.GetInt64(1), reader.GetDecimal(2)));
        return totals;
    }

    /// <summary>Contexts built as the App builds them, plus a log of every statement they run.</summary>
    private sealed class RecordingFactory(NpgsqlDataSource dataSource, ITenantContext tenant, ConcurrentQueue<string> statements)
        : DbCommandInterceptor, IDbContextFactory<CrmDbContext>
    {
        public CrmDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<CrmDbContext>();
            DataRegistration.Configure(options, dataSource);
            options.AddInterceptors(this);
            return new CrmDbContext(options.Options).ActFor(tenant.Snapshot);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            statements.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
