using Bunit;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The activities page and the navigation's due-task badge against the real services and database.</summary>
public sealed class ActivitiesPageTests(CrmDatabase database) : DemoAppBunitContext(database)
{
    [Fact]
    public async Task Ticking_an_overdue_task_moves_it_to_completed_and_the_badge_counts_one_less()
    {
        await ActAsAsync(DemoTenant.Member);
        var subject = await AddOverdueTaskAsync();
        var badge = Render<DueTaskBadge>();
        var page = RenderPage();
        var before = Count(badge);
        Assert.Contains(subject, page.Find("[data-testid=task-group-overdue]").TextContent);

        await page.InvokeAsync(() => page.Find($"button[aria-label='Mark done: {subject}']").Click());

        page.WaitForAssertion(() =>
        {
            Assert.DoesNotContain(subject, page.Find("[data-testid=task-group-overdue]").TextContent);
            Assert.Contains(subject, page.Find("[data-testid=task-group-completed]").TextContent);
        });
        badge.WaitForAssertion(() => Assert.Equal(before - 1, Count(badge)));
    }

    [Fact]
    public async Task A_viewer_sees_no_new_activity_button_no_done_toggle_and_no_row_menu()
    {
        await ActAsAsync(DemoTenant.Viewer);
        var subject = await AddOverdueTaskAsync(DemoTenant.Viewer);
        var page = RenderPage();

        Assert.Contains(subject, page.Find("[data-testid=task-group-overdue]").TextContent);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New activity"));
        Assert.Empty(page.FindAll("button[aria-label^='Mark done']"));
        Assert.Empty(page.FindAll("[aria-label^='Actions for']"));
    }

    [Fact]
    public async Task A_member_sees_the_write_controls_a_viewer_does_not()
    {
        await ActAsAsync(DemoTenant.Member);
        var subject = await AddOverdueTaskAsync();
        var page = RenderPage();

        Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("New activity"));
        Assert.Single(page.FindAll($"button[aria-label='Mark done: {subject}']"));
        Assert.NotEmpty(page.FindAll($"[aria-label='Actions for {subject}']"));
    }

    [Fact]
    public async Task An_activitys_menu_is_made_when_its_button_is_first_clicked()
    {
        await ActAsAsync(DemoTenant.Member);
        var subject = await AddOverdueTaskAsync();
        var page = RenderPage();
        // A plain button per row until then: a menu component on every row would stay in the circuit's memory (issue 18).
        Assert.Empty(page.FindComponents<CrmBlazor.Features.Shared.DeferredMenu>());

        await page.InvokeAsync(() => page.Find($"button[aria-label='Actions for {subject}']").Click());

        Assert.Single(page.FindComponents<CrmBlazor.Features.Shared.DeferredMenu>());
        popovers!.WaitForAssertion(() => Assert.Equal(["Edit", "Reschedule", "Mark done", "Delete"],
            popovers.FindAll(".mud-popover-open .mud-menu-item").Select(i => i.TextContent.Trim())));
    }

    [Fact]
    public async Task A_call_shows_its_outcome_duration_and_the_utc_time_it_happened()
    {
        await ActAsAsync(DemoTenant.Member);
        var subject = $"Pricing call {Guid.NewGuid():N}";
        // This minute, so the call heads the newest-first list whatever the demo logged; written out independently of the app's format.
        var happened = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        Assert.Empty(await ActingServices.GetRequiredService<ActivityService>().CreateAsync(new ActivityForm
        {
            Type = Activity.Call, Subject = subject, Outcome = "left_voicemail", DurationMinutes = 7,
            HappenedAt = happened,
        }, Xunit.TestContext.Current.CancellationToken));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/activities?type=call");

        var page = RenderPage("activity-list");

        page.WaitForAssertion(() =>
        {
            var row = page.FindAll("[data-testid=activity-row]").Single(r => r.TextContent.Contains(subject));
            Assert.Contains("Left voicemail", row.TextContent);
            Assert.Contains("7 min", row.TextContent);
            Assert.Contains(happened.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture), row.TextContent);
        });
    }

    [Fact]
    public async Task The_filters_sort_and_page_live_in_the_address_and_a_page_past_the_end_becomes_the_last()
    {
        await ActAsAsync(DemoTenant.Member);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/activities?type=call&owner=all&sort=oldest&page=99");

        var page = RenderPage("activity-list");

        page.WaitForAssertion(() => Assert.EndsWith("/activities?type=call&owner=all&sort=oldest", navigation.Uri));
        Assert.Equal(("Calls", "Everyone", "Oldest first"), (Selected(page, "Type"), Selected(page, "Owner"), Selected(page, "Sort")));

        // Reload: a new page at the same address shows the same list.
        var reloaded = RenderPage("activity-list");
        Assert.Equal(("Calls", "Everyone", "Oldest first"), (Selected(reloaded, "Type"), Selected(reloaded, "Owner"), Selected(reloaded, "Sort")));

        navigation.NavigateTo("/activities?type=note");
        reloaded.WaitForAssertion(() => Assert.Equal(("Notes", "Me"), (Selected(reloaded, "Type"), Selected(reloaded, "Owner"))));
    }

    [Fact]
    public async Task A_note_written_on_the_activities_page_is_linked_to_the_deal_picked_by_its_title()
    {
        await ActAsAsync(DemoTenant.Member);
        var links = ActingServices.GetRequiredService<ActivityLinkFinder>();
        var deal = (await links.FindDealsAsync(null, Xunit.TestContext.Current.CancellationToken)).First();
        var subject = $"Budget approved {Guid.NewGuid():N}";
        Services.GetRequiredService<NavigationManager>().NavigateTo("/activities?type=note");
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage("activity-list");

        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Contains("New activity")).Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(DialogFields.Input(dialogs, "Deal")));
        await dialogs.InvokeAsync(() => DialogFields.Input(dialogs, "Subject").Change(subject));
        await dialogs.InvokeAsync(() => DialogFields.Input(dialogs, "Deal").Input(deal.Name));
        var picker = popovers!;
        picker.WaitForAssertion(() => Assert.Contains(picker.FindAll(".mud-popover-open .mud-list-item"), i => i.TextContent.Trim() == deal.Name));
        await picker.InvokeAsync(() => picker.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Trim() == deal.Name).Click());
        await dialogs.InvokeAsync(() => DialogFields.SaveButton(dialogs).Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        var forDeal = await ActingServices.GetRequiredService<ActivityListService>().ForDealAsync(deal.Id, Xunit.TestContext.Current.CancellationToken);
        Assert.Contains(forDeal, r => r.Subject == subject);
    }

    /// <summary>What the select labelled LABEL shows.</summary>
    private static string? Selected(IRenderedComponent<ActivitiesPage> page, string label) =>
        page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label)
            .QuerySelector("input")?.GetAttribute("value");

    private IRenderedComponent<MudPopoverProvider>? popovers;

    private IRenderedComponent<ActivitiesPage> RenderPage(string shown = "task-group-overdue")
    {
        popovers ??= Render<MudPopoverProvider>();
        var page = Render<ActivitiesPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid={shown}]")));
        return page;
    }

    /// <summary>An open task due two days ago for OWNER (a Viewer cannot create one, so it goes in through SQL).</summary>
    private async Task<string> AddOverdueTaskAsync(string owner = DemoTenant.Member)
    {
        var subject = $"Chase the order {Guid.NewGuid():N}";
        var session = await DemoTenant.OpenSessionAsync(App, owner);
        var userId = await session.ActingUserIdAsync();
        await using var _ = session;
        await session.ExecuteAsync("insert into activities (type, subject, owner_id, due_at) values (@type, @subject, @owner, @due)",
            ("type", Activity.Task), ("subject", subject), ("owner", userId), ("due", DateTimeOffset.UtcNow.AddDays(-2)));
        return subject;
    }

    private static int Count(IRenderedComponent<DueTaskBadge> badge) =>
        badge.FindAll("[data-testid=due-task-count]") is [var chip] ? int.Parse(chip.TextContent) : 0;
}
