using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class ContactFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_rep_creates_finds_by_a_typo_logs_a_call_deletes_and_undoes()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);

        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        await page.GetByLabel("First name").FillAsync("Bartholomew");
        await page.GetByLabel("Last name").FillAsync("Quibblesworth");
        await page.GetByLabel("Email").FillAsync("bart@quibble.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bartholomew Quibblesworth" })).ToBeVisibleAsync();

        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync("Quiblesworth");
        await Expect(page).ToHaveURLAsync(new Regex("q=Quiblesworth"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Bartholomew Quibblesworth" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bartholomew Quibblesworth" })).ToBeVisibleAsync();

        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log a call" }).ClickAsync();
        await page.GetByLabel("Subject").FillAsync("Discussed the renewal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var timeline = page.GetByTestId("timeline-entry");
        await Expect(timeline.Filter(new() { HasText = "Discussed the renewal" })).ToBeVisibleAsync();
        await Expect(timeline.Filter(new() { HasText = "Contact created" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/contacts$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bartholomew Quibblesworth" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("timeline-entry").Filter(new() { HasText = "Restored" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_duplicate_email_is_shown_next_to_the_field_with_a_link_to_the_existing_contact()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        // Some demo contacts have no email: the first one listed that has one (its email is a link too).
        var existing = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("@") }) }).First;
        var existingName = (await existing.GetByRole(AriaRole.Link).First.TextContentAsync())!.Trim();
        // The email is read from its link, not by column: the row checkboxes (a column) come only with "Select".
        var existingEmail = (await existing.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("@") }).TextContentAsync())!.Trim();

        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        await page.GetByLabel("First name").FillAsync("Copy");
        await page.GetByLabel("Email").FillAsync(existingEmail.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByText("A contact with this email already exists.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the existing contact" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = existingName })).ToBeVisibleAsync();
    }
}
