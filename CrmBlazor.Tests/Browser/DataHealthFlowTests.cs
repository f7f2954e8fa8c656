using System.Text.RegularExpressions;
using CrmBlazor.Setup;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Admin → Data health in the browser: the checks with counts and links, the last backup, and the Owner's retention.</summary>
public sealed class DataHealthFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task An_admin_sees_each_check_with_its_count_follows_a_link_to_the_broken_record_and_reads_the_last_backup()
    {
        await using (var owner = await DbSession.OpenAsync(site.Database.OwnerConnectionString))
            await owner.ExecuteAsync("""
                insert into maintenance_runs (kind, started_at, finished_at, succeeded, detail)
                values ('backup', '2026-12-01 02:00+00', '2026-12-01 02:05+00', true, 'crm-2026-12-01.dump')
                """);
        Guid contact;
        int retention;
        await using (var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Admin))
        {
            // The other test of the class may have changed it.
            retention = await session.ScalarAsync<int>("select audit_retention_years from tenants");
            var company = await session.AddCompanyAsync(name: "Soon Gone Ltd");
            contact = await session.AddContactAsync(companyId: company);
            await session.ExecuteAsync("update companies set deleted_at = now() where id = @id", ("id", company));
        }
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);

        await page.GotoAsync("/admin");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Check data health" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin/health$"));
        await Expect(page.GetByTestId("last-backup")).ToHaveTextAsync("Last backup: 1 Dec 2026, 02:00 UTC, succeeded.crm-2026-12-01.dump");
        var checks = page.GetByTestId("health-check");
        await Expect(checks).ToHaveCountAsync(14);
        var broken = checks.Filter(new() { HasText = "Active rows referencing deleted rows" });
        await Expect(broken.GetByTestId("check-count")).ToHaveTextAsync("1");
        await Expect(checks.Filter(new() { HasText = "Deals without a primary customer" }).GetByTestId("check-count")).ToHaveTextAsync("0");
        await Expect(page.GetByText("1 of 14 checks found something to put right.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("audit-retention")).ToContainTextAsync($"kept for {retention} years");
        await Expect(page.GetByText("Only the Owner can change this.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Keep the audit log for (years)")).ToHaveCountAsync(0);

        await broken.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/contacts/{contact}$"));
    }

    [Fact]
    public async Task The_owner_changes_the_audit_retention_and_a_value_out_of_range_gets_a_message()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Owner, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/admin/health");
        await page.WaitForCircuitAsync();
        var years = page.GetByLabel("Keep the audit log for (years)");
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save retention" });

        await years.FillAsync("11");
        await save.ClickAsync();
        await Expect(page.GetByText("Keep the audit log for 1 to 10 years.")).ToBeVisibleAsync();

        await years.FillAsync("5");
        await save.ClickAsync();
        await Expect(page.GetByTestId("audit-retention")).ToContainTextAsync("kept for 5 years");
        await Expect(page.GetByText("Keep the audit log for 1 to 10 years.")).ToHaveCountAsync(0);

        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        Assert.Equal(5, await session.ScalarAsync<int>("select audit_retention_years from tenants"));
    }
}
