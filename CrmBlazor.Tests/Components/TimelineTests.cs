using Bunit;
using CrmBlazor.Features.Timeline;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Components;

public sealed class TimelineTests : CrmBunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    public TimelineTests() => Services.AddSingleton<TimeProvider>(new FixedClock(Now));

    [Fact]
    public void Entries_show_newest_first_with_who_and_how_long_ago()
    {
        var timeline = Render<Timeline>(p => p.Add(t => t.Entries,
        [
            new TimelineEntry(Now.AddHours(-2), TimelineKind.Changed, "Stage of deal Renewal changed from Proposal to Negotiation", null, "Ann Lee"),
            new TimelineEntry(Now.AddDays(-3), TimelineKind.Call, "Discovery call", "Talked budget.", "Sam Chen"),
            new TimelineEntry(Now.AddDays(-30), TimelineKind.Task, "Task: Send contract", null, null) { Completed = false },
        ]));

        var items = timeline.FindAll("[data-testid=timeline-entry]");
        Assert.Equal(3, items.Count);
        Assert.Contains("changed from Proposal to Negotiation", items[0].TextContent);
        Assert.Contains("by Ann Lee, 2 h ago", items[0].TextContent);
        Assert.Contains("Talked budget.", items[1].TextContent);
        Assert.Contains("3 days ago", items[1].TextContent);
        Assert.Contains("open", items[2].TextContent);
        Assert.Contains("on 24 Oct 2026", items[2].TextContent);
    }

    [Fact]
    public void An_empty_history_says_so()
    {
        var timeline = Render<Timeline>(p => p.Add(t => t.Entries, []));

        Assert.Contains("Nothing has happened here yet.", timeline.Markup);
        Assert.Empty(timeline.FindAll("[data-testid=timeline-entry]"));
    }
}
