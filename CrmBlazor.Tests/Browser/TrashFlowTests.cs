using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class TrashFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_rep_deletes_a_contact_finds_it_in_trash_restores_it_and_its_tags_and_activities_are_back()
    {
        Guid contact;
        await using (var db = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member))
        {
            contact = await db.ScalarAsync<Guid>(
                "insert into contacts (first_name, last_name, email) values ('Tobias', 'Trashworthy', 'tobias@trashworthy.example') returning id");
            var tag = await db.AddTagAsync("Recycled lead");
            await db.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@c, @t)", ("c", contact), ("t", tag));
            await db.ExecuteAsync("insert into activities (type, subject, contact_id) values ('call', 'Talked about bins', @c)", ("c", contact));
        }
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);

        await page.GotoAsync($"/contacts/{contact}");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/contacts$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Trash", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trash", Exact = true })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Tobias Trashworthy" });
        await Expect(row).ToContainTextAsync("Maria Lopez");
        await page.WaitForCircuitAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Restore Tobias Trashworthy" }).ClickAsync();
        await Expect(page.GetByText("Restored 1 record.")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);

        await page.GotoAsync($"/contacts/{contact}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tobias Trashworthy" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Recycled lead", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("timeline-entry").Filter(new() { HasText = "Talked about bins" })).ToBeVisibleAsync();
    }
}
