using Bunit;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Dashboard;
using CrmBlazor.Features.Timeline;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>
/// One logged call, read in the three places an activity appears besides /activities (its contact's
/// timeline, the dashboard's feed, the deal page's table): the same "happened at" everywhere, and a
/// menu to change it only for those who may.
/// </summary>
public sealed class ActivityTimesTests(CrmDatabase database) : DemoAppBunitContext(database)
{
    // The next whole minute, so the call is the dashboard's latest, after the demo's open tasks (dated when the demo
    // was seeded, which may be after this class loaded); written out here independently of the app's format.
    private static readonly DateTimeOffset Happened =
        new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
    private static readonly string Shown = Happened.ToString("d MMM yyyy, HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_call_reads_the_same_time_with_its_outcome_on_the_timeline_in_the_feed_and_on_its_deal()
    {
        var (contactId, dealId, subject) = await LogCallAsync();
        await ActAsAsync(DemoTenant.Member);
        Render<MudPopoverProvider>();

        var entries = await ActingServices.GetRequiredService<TimelineService>().ForContactAsync(contactId, Xunit.TestContext.Current.CancellationToken);
        var timeline = Render<Timeline>(p => p.Add(t => t.Entries, entries).Add(t => t.OnChanged, () => { }));
        var dashboard = await ActingServices.GetRequiredService<DashboardService>().GetAsync(DashboardScope.Mine, Xunit.TestContext.Current.CancellationToken);
        var feed = Render<RecentActivityFeed>(p => p.Add(f => f.Items, dashboard.RecentActivity));
        var rows = await ActingServices.GetRequiredService<ActivityListService>().ForDealAsync(dealId, Xunit.TestContext.Current.CancellationToken);
        var table = Render<ActivityTable>(p => p.Add(t => t.Rows, rows).Add(t => t.DateOf, r => r.HappenedAt).Add(t => t.OnChanged, () => { }));

        var entry = timeline.FindAll("[data-testid=timeline-entry]").Single(e => e.TextContent.Contains(subject));
        Assert.Contains("Connected, 25 min", entry.TextContent);
        Assert.Contains(Shown, entry.TextContent);
        Assert.NotNull(entry.QuerySelector($"[aria-label='Actions for {subject}']"));
        Assert.Contains(Shown, feed.FindAll("[data-testid=feed-item]").Single(e => e.TextContent.Contains(subject)).TextContent);
        var row = table.FindAll("[data-testid=activity-row]").Single(e => e.TextContent.Contains(subject));
        Assert.Contains(Shown, row.TextContent);
        Assert.NotNull(row.QuerySelector($"[aria-label='Actions for {subject}']"));
    }

    [Fact]
    public async Task A_viewer_reads_a_timeline_without_any_activity_menu()
    {
        var (contactId, _, subject) = await LogCallAsync();
        await ActAsAsync(DemoTenant.Viewer);

        var entries = await ActingServices.GetRequiredService<TimelineService>().ForContactAsync(contactId, Xunit.TestContext.Current.CancellationToken);
        var timeline = Render<Timeline>(p => p.Add(t => t.Entries, entries).Add(t => t.OnChanged, () => { }));

        Assert.Contains(subject, timeline.Markup);
        Assert.Empty(timeline.FindAll("[aria-label^='Actions for']"));
    }

    /// <summary>A call about a demo deal and its contact, logged by the demo member as having happened at <see cref="Happened"/>.</summary>
    private async Task<(Guid ContactId, Guid DealId, string Subject)> LogCallAsync()
    {
        await using var member = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var dealId = await session.ScalarAsync<Guid>("select id from deals where contact_id is not null order by title limit 1");
        var contactId = await session.ScalarAsync<Guid>("select contact_id from deals where id = @d", ("d", dealId));
        var subject = $"Renewal call {Guid.NewGuid():N}";
        Assert.Empty(await member.ServiceProvider.GetRequiredService<ActivityService>().CreateAsync(new ActivityForm
        {
            Type = Activity.Call, Subject = subject, HappenedAt = Happened, DurationMinutes = 25, Outcome = "connected",
            ContactId = contactId, DealId = dealId,
        }, Xunit.TestContext.Current.CancellationToken));
        return (contactId, dealId, subject);
    }
}
