using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The contact dialog by keyboard, its inline company creation, and long values on the contact page.</summary>
public sealed class ContactFormTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task Esc_closes_and_Enter_saves_the_New_contact_dialog()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        var dialog = await OpenNewContactDialogAsync(page);

        // Opened: the first field has the focus; untouched, Esc closes at once.
        await Expect(dialog.GetByLabel("First name")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();

        // The first field takes the focus only from nothing: a user already typing elsewhere when it comes (late, on
        // a slow connection) keeps typing there.
        dialog = await OpenNewContactDialogAsync(page);
        await Expect(dialog.GetByLabel("First name")).ToBeFocusedAsync();
        await dialog.GetByLabel("Last name").FocusAsync();
        await page.EvaluateAsync("""
            async () => (await import('./CrmBlazor/Features/Shared/FormDialogKeys.razor.js'))
                .focusFirstField(document.querySelector('.mud-dialog .crm-form-keys'))
            """);
        await page.Keyboard.TypeAsync("Late");
        await Expect(dialog.GetByLabel("Last name")).ToHaveValueAsync("Late");
        await Expect(dialog.GetByLabel("First name")).ToHaveValueAsync("");
        await dialog.GetByLabel("Last name").FillAsync("");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();

        // With something typed, Esc asks first; keeping the form keeps what was typed.
        dialog = await OpenNewContactDialogAsync(page);
        await dialog.GetByLabel("First name").FillAsync("Esmeralda");
        await page.Keyboard.PressAsync("Escape");
        var discard = dialog.GetByRole(AriaRole.Alertdialog, new() { Name = "Discard changes?" });
        await discard.GetByRole(AriaRole.Button, new() { Name = "Keep editing" }).ClickAsync();
        await Expect(discard).ToBeHiddenAsync();
        await Expect(dialog.GetByLabel("First name")).ToHaveValueAsync("Esmeralda");
        await dialog.GetByLabel("First name").PressAsync("Escape");
        await discard.GetByRole(AriaRole.Button, new() { Name = "Discard", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // Enter in a field saves: the new contact's page opens.
        dialog = await OpenNewContactDialogAsync(page);
        await dialog.GetByLabel("First name").FillAsync("Enrique");
        await dialog.GetByLabel("Last name").FillAsync("Entersson");
        await dialog.GetByLabel("Last name").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Enrique Entersson" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_company_is_created_from_the_contact_dialog()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        var dialog = await OpenNewContactDialogAsync(page);

        await dialog.GetByLabel("Last name").FillAsync("Founder");
        await dialog.GetByLabel("Company").FillAsync("Quokka Quantum Works");
        await page.GetByText("Create company “Quokka Quantum Works”").ClickAsync();
        await Expect(dialog.GetByText("Company “Quokka Quantum Works” created.")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Founder" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Quokka Quantum Works" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Quokka Quantum Works" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Founder" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_200_character_unbroken_job_title_leaves_the_contact_page_without_sideways_scrolling()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SetViewportSizeAsync(1440, 900);
        var dialog = await OpenNewContactDialogAsync(page);
        await dialog.GetByLabel("Last name").FillAsync("Longtitle");
        await dialog.GetByLabel("Job title").FillAsync(new string('W', 200));
        await dialog.GetByLabel("Notes").FillAsync("See https://example.com/" + new string('a', 300));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Longtitle" })).ToBeVisibleAsync();

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeInViewportAsync();
            var widths = await page.EvaluateAsync<int[]>(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            var (scroll, client) = (widths[0], widths[1]);
            Assert.True(scroll <= client, $"At {width}px the page is {scroll}px wide in a {client}px window.");
        }
    }

    private static async Task<ILocator> OpenNewContactDialogAsync(IPage page)
    {
        if (!Regex.IsMatch(page.Url, "/contacts$"))
        {
            if (!page.Url.StartsWith("http")) await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
            await page.GotoAsync("/contacts");
            await page.WaitForCircuitAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New contact" });
        // The first field takes the focus once the dialog listens for Esc and Enter (FormDialogKeys): a key
        // pressed before that reaches no one, which is not what the tests below are about.
        await Expect(dialog.GetByLabel("First name")).ToBeFocusedAsync();
        return dialog;
    }
}
