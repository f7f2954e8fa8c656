using System.Text.RegularExpressions;
using CrmBlazor.Tests.Audit;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Where audit rows come from, through a real browser: the sign-in page's request and a circuit's changes.</summary>
public sealed class AuditOriginFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_sign_in_with_an_unknown_email_is_audited_with_the_browsers_address_and_agent()
    {
        var email = $"stranger-{Guid.NewGuid():N}@nowhere.example";
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        var agent = await page.EvaluateAsync<string>("navigator.userAgent");

        await page.SignInAsync(email, "whatever-password");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Error: Invalid email or password.");

        await using var owner = await DbSession.OpenAsync(site.Database.OwnerConnectionString);
        Assert.Equal($"00000000-0000-0000-0000-000000000000 unknown_email 127.0.0.1 {agent}", await owner.ScalarAsync<string>("""
            select format('%s %s %s %s', tenant_id, new_data ->> 'detail', host(client_ip), user_agent)
            from audit_logs where event = 'login.failed' and new_data ->> 'email' = @e
            """, ("e", email)));
    }

    [Fact]
    public async Task A_change_made_in_a_circuit_carries_the_browsers_address_and_agent_into_the_audit_log()
    {
        var title = AuditArrange.UniqueTitle("Lighthouse lease");
        Guid deal;
        await using (var member = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member))
        {
            deal = await member.AddEuroDealAsync(title, 5_000);
            await member.SetDealValueAsync(deal, 7_500);
        }
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        var agent = await page.EvaluateAsync<string>("navigator.userAgent");
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await page.GotoAsync($"/deals/{deal}");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revert Value to 5,000 EUR" }).ClickAsync();
        await Expect(page.GetByText("5,000.00 EUR", new() { Exact = true })).ToBeVisibleAsync();

        await using (var admin = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Admin))
        {
            var adminId = await admin.ActingUserIdAsync();
            // The session's start (the sign-in page's request) and the change (the circuit) come from the same browser.
            Assert.Equal($"127.0.0.1 {agent}", await admin.ScalarAsync<string>("""
                select format('%s %s', host(client_ip), user_agent) from audit_logs
                where event = 'login' and record_id = @u order by id desc limit 1
                """, ("u", adminId)));
            Assert.Equal($"127.0.0.1 {agent}", await admin.ScalarAsync<string>("""
                select format('%s %s', host(client_ip), user_agent) from audit_logs
                where record_id = @d and action = 'update' and changed_by = @u
                """, ("d", deal), ("u", adminId)));
        }

        await page.GotoAsync($"/admin/audit?name={Uri.EscapeDataString(title)}");
        await page.WaitForCircuitAsync();
        var reverted = page.GetByRole(AriaRole.Row).Filter(new() { HasText = title }).Filter(new() { HasText = "Alex Admin" })
            .Filter(new() { HasText = "Changed" });
        await reverted.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Details of entry") }).ClickAsync();
        await Expect(page.GetByTestId("audit-origin")).ToHaveTextAsync($"From 127.0.0.1 · {agent}");
    }
}
