using Bunit;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Tests.Infrastructure;
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
    public async Task A_viewer_who_ticks_a_task_reads_the_refusal_in_a_snackbar_and_the_task_stays_open()
    {
        await ActAsAsync(DemoTenant.Viewer);
        var subject = await AddOverdueTaskAsync(DemoTenant.Viewer);
        var snackbars = Render<MudSnackbarProvider>();
        var page = RenderPage();

        await page.InvokeAsync(() => page.Find($"button[aria-label='Mark done: {subject}']").Click());

        snackbars.WaitForAssertion(() => Assert.Contains("can view records but not change them", snackbars.Markup));
        Assert.Contains(subject, page.Find("[data-testid=task-group-overdue]").TextContent);
    }

    private IRenderedComponent<ActivitiesPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var page = Render<ActivitiesPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=task-group-overdue]")));
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
