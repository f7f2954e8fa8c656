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

    [Fact]
    public async Task An_activity_is_edited_rescheduled_and_deleted_with_undo()
    {
        var subject = $"Send the offer {Guid.NewGuid():N}"[..24];
        var edited = subject + " v2";
        var today = UtcCalendar.Day(DateTimeOffset.UtcNow).Start;
        await using (var scope = await DemoTenant.ActAsAsync(site.App, DemoTenant.Member))
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ActivityService>().CreateAsync(
                new ActivityForm { Type = Activity.Task, Subject = subject, DueAt = today.AddDays(3) }, TestContext.Current.CancellationToken));
        }
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/activities");
        await page.WaitForCircuitAsync();
        var upcoming = page.GetByTestId("task-group-upcoming");
        var overdue = page.GetByTestId("task-group-overdue");

        await upcoming.GetByRole(AriaRole.Button, new() { Name = $"Actions for {subject}" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Edit" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // The dialog reads the stored activity first; typing before it arrives would be overwritten.
        await Expect(dialog.GetByLabel("Subject")).ToHaveValueAsync(subject);
        await dialog.GetByLabel("Subject").FillAsync(edited);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(upcoming.GetByText(edited)).ToBeVisibleAsync();

        await upcoming.GetByRole(AriaRole.Button, new() { Name = $"Actions for {edited}" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Reschedule" }).ClickAsync();
        var dueDate = page.GetByRole(AriaRole.Dialog).GetByLabel("Due date");
        await dueDate.FillAsync($"{today.AddDays(-2):yyyy-MM-dd}");
        await dueDate.PressAsync("Tab");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(overdue.GetByText(edited)).ToBeVisibleAsync();
        await Expect(overdue.GetByText(today.AddDays(-2).ToString("d MMM yyyy, '17:00 UTC'", System.Globalization.CultureInfo.InvariantCulture))).ToBeVisibleAsync();
        await Expect(upcoming.GetByText(edited)).ToHaveCountAsync(0);

        await overdue.GetByRole(AriaRole.Button, new() { Name = $"Actions for {edited}" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" }).ClickAsync();
        await Expect(overdue.GetByText(edited)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(overdue.GetByText(edited)).ToBeVisibleAsync();
    }
}
