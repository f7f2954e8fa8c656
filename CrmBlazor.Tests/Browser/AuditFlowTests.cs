using System.Text.RegularExpressions;
using CrmBlazor.Tests.Audit;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Admin → Audit log and a record's History, as an admin uses them.</summary>
public sealed class AuditFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    /// <summary>A deal Maria made at 5,000 EUR and raised to 7,500 EUR, whose probability Alex then changed.</summary>
    private async Task<(Guid Deal, string Title)> RaisedDealAsync()
    {
        var title = AuditArrange.UniqueTitle("Airship lease");
        Guid deal;
        await using (var member = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member))
        {
            deal = await member.AddEuroDealAsync(title, 5_000);
            await member.SetDealValueAsync(deal, 7_500);
        }
        await using (var admin = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Admin))
            await admin.ExecuteAsync("update deals set probability = 40 where id = @d", ("d", deal));
        return (deal, title);
    }

    [Fact]
    public async Task An_admin_filters_the_audit_log_to_one_users_changes_to_one_deal_and_sees_old_and_new_values()
    {
        var (_, title) = await RaisedDealAsync();
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/admin");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Exact = true })).ToBeVisibleAsync();

        await page.GetByLabel("User", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Maria Lopez" }).ClickAsync();
        await page.GetByLabel("Record type", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Deal", Exact = true }).ClickAsync();
        await page.GetByLabel("Record name").FillAsync(title);

        await Expect(page).ToHaveURLAsync(new Regex("[?&]name=Airship"));
        await Expect(page).ToHaveURLAsync(new Regex("[?&]type=deals"));
        await Expect(page).ToHaveURLAsync(new Regex("[?&]user=[0-9a-f-]{36}"));
        var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Filter(new() { HasText = "Maria Lopez" })).ToHaveCountAsync(2);
        var raised = rows.Filter(new() { HasText = "Changed" });
        await raised.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Details of entry") }).ClickAsync();

        var change = page.GetByTestId("audit-details").GetByTestId("audit-change");
        await Expect(change).ToHaveCountAsync(1);
        await Expect(change).ToContainTextAsync("Value");
        await Expect(change).ToContainTextAsync("5,000 EUR → 7,500 EUR");

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.GetByLabel("Record name")).ToHaveValueAsync(title);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = title })).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_revert_of_a_deals_value_shows_the_old_value_and_a_new_audit_row()
    {
        var (deal, _) = await RaisedDealAsync();
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await page.GotoAsync($"/deals/{deal}");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByText("7,500.00 EUR", new() { Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Revert Value to 5,000 EUR" }).ClickAsync();

        await Expect(page.GetByText("5,000.00 EUR", new() { Exact = true })).ToBeVisibleAsync();
        var newest = page.GetByTestId("history-entry").First;
        await Expect(newest).ToContainTextAsync("Alex Admin");
        await Expect(newest.GetByTestId("audit-change")).ToContainTextAsync("7,500 EUR → 5,000 EUR");
        await using var admin = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Admin);
        Assert.Equal(1L, await admin.CountAsync("audit_logs where event = 'audit.revert' and record_id = @d", ("d", deal)));
        Assert.Equal(3L, await admin.CountAsync("audit_logs where record_id = @d and action = 'update'", ("d", deal)));
    }

    [Fact]
    public async Task A_member_sees_the_history_without_revert_buttons()
    {
        var (deal, _) = await RaisedDealAsync();
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync($"/deals/{deal}");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();

        await Expect(page.GetByTestId("audit-change").Filter(new() { HasText = "7,500 EUR" }).First).ToContainTextAsync("5,000 EUR → 7,500 EUR");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Revert") })).ToHaveCountAsync(0);
    }
}
