using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class ActivitiesFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_rep_completes_an_overdue_task_with_one_click_and_the_badge_counts_one_less()
    {
        var subject = $"Chase the signed order {Guid.NewGuid():N}"[..32];
        await using (var scope = await DemoTenant.ActAsAsync(site.App, DemoTenant.Member))
        {
            var activities = scope.ServiceProvider.GetRequiredService<ActivityService>();
            var today = UtcCalendar.Day(DateTimeOffset.UtcNow).Start;
            Assert.Empty(await activities.CreateAsync(new ActivityForm { Type = Activity.Task, Subject = subject, DueAt = today.AddDays(-2) },
                TestContext.Current.CancellationToken));
            // A second task due today keeps the badge on screen once the first is done.
            Assert.Empty(await activities.CreateAsync(new ActivityForm { Type = Activity.Task, Subject = "Confirm the delivery date", DueAt = today.AddHours(12) },
                TestContext.Current.CancellationToken));
        }
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);

        await page.GotoAsync("/activities");
        await page.WaitForCircuitAsync();
        var overdue = page.GetByTestId("task-group-overdue");
        await Expect(overdue.GetByText(subject)).ToBeVisibleAsync();
        var badge = page.GetByTestId("due-task-count");
        var before = int.Parse((await badge.TextContentAsync())!.Trim());

        await overdue.GetByRole(AriaRole.Button, new() { Name = $"Mark done: {subject}" }).ClickAsync();

        await Expect(page.GetByTestId("task-group-completed").GetByText(subject)).ToBeVisibleAsync();
        await Expect(overdue.GetByText(subject)).ToHaveCountAsync(0);
        await Expect(badge).ToHaveTextAsync((before - 1).ToString());
    }
}
