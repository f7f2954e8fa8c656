using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Every page a rep works on, as a Viewer and as a Member: the Viewer is shown no control that changes
/// records (and so never fills a form only to be refused on Save); the Member, on the same pages, sees
/// them, which proves the names looked for are the controls' real names. (The services refuse a Viewer's
/// change too: ContactServiceTests and the other service tests.)
/// </summary>
public sealed class ViewerControlsTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private static readonly Regex WriteControl = new(
        "^(New contact|New company|New deal|New activity|Import|Edit|Delete|Delete selected|Log a call|Add a note|Create a task|" +
        "Add participant|Mark won|Mark lost|Reopen|Add contact|Add a contact|Create a deal|Import contacts)$");

    [Fact]
    public async Task A_viewer_sees_no_write_control_on_any_page()
    {
        await foreach (var (page, name) in VisitEveryPageAsync(DemoTenant.Viewer))
        {
            var shown = await WriteControls(page).AllInnerTextsAsync();
            Assert.True(shown.Count == 0, $"A viewer is shown {string.Join(", ", shown)} on {name}.");
        }
    }

    [Fact]
    public async Task A_member_sees_the_write_controls_on_the_same_pages()
    {
        await foreach (var (page, _) in VisitEveryPageAsync(DemoTenant.Member))
            await Expect(WriteControls(page).First).ToBeVisibleAsync();
    }

    private static ILocator WriteControls(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { NameRegex = WriteControl })
            .Or(page.GetByRole(AriaRole.Link, new() { NameRegex = WriteControl }))
            .Or(page.GetByRole(AriaRole.Menuitem, new() { NameRegex = WriteControl }));

    /// <summary>Yields each page once it shows its records, so a control that would come with them has come.</summary>
    private async IAsyncEnumerable<(IPage Page, string Name)> VisitEveryPageAsync(string email)
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();
        yield return (page, "dashboard");

        foreach (var (list, records) in new[] { ("/contacts", "/contacts/"), ("/companies", "/companies/"), ("/pipeline", "/deals/") })
        {
            await page.GotoAsync(list);
            await page.WaitForCircuitAsync();
            var first = page.Locator($"a[href*='{records}']").First;
            await Expect(first).ToBeVisibleAsync();
            yield return (page, list);

            // The record's own heading, not the list's still on screen while the address has already changed.
            var record = (await first.InnerTextAsync()).Trim();
            await first.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"{records}[0-9a-f-]{{36}}"));
            await page.WaitForCircuitAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = record, Exact = true })).ToBeVisibleAsync();
            yield return (page, records);
        }

        // Everyone's activities: a Viewer owns none, and the page starts at "mine".
        await page.GotoAsync("/activities?owner=all");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByTestId("activity-row").First).ToBeVisibleAsync();
        yield return (page, "/activities");
    }
}
