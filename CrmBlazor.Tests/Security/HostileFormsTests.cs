using System.Diagnostics;
using CrmBlazor.Components.Shared;
using CrmBlazor.Features.Companies;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Security;

/// <summary>
/// Hostile strings typed into the contact, company, deal and activity dialogs and put in the lists' search
/// and filters, in the browser as served: stored values show as text, no script ever runs (<c>window.__xss</c>
/// stays undefined, no dialog opens), refused input writes nothing, and no page errors or waits on pg_sleep.
/// </summary>
public sealed class HostileFormsTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    /// <summary>A save that navigates, on a machine shared with other test runs.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 15_000 };

    [Fact]
    public async Task Xss_typed_into_every_record_dialog_is_saved_and_shown_as_text_and_never_runs()
    {
        var (context, page, alerts) = await SignedInAsync();
        await using var _ = context;

        foreach (var payload in HostilePayloads.Xss)
        {
            var marker = Guid.NewGuid().ToString("N")[..6];
            await page.GotoAsync("/contacts");
            await page.WaitForCircuitAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
            var contact = await ReadyDialogAsync(page, "First name");
            await contact.GetByLabel("First name").FillAsync(payload);
            await contact.GetByLabel("Last name").FillAsync(marker);
            await contact.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{payload} {marker}" })).ToBeVisibleAsync(Patiently);

            await page.GetByRole(AriaRole.Button, new() { Name = "Add a note" }).ClickAsync();
            var note = page.GetByRole(AriaRole.Dialog);
            await note.GetByLabel("Subject").FillAsync(payload);
            await note.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByText(payload, new() { Exact = true }).First).ToBeVisibleAsync(Patiently);

            await page.GotoAsync("/companies");
            await page.WaitForCircuitAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "New company" }).ClickAsync();
            var company = await ReadyDialogAsync(page, "Name");
            await company.GetByLabel("Name").FillAsync(payload + marker);
            await company.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = payload + marker })).ToBeVisibleAsync(Patiently);

            await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).ClickAsync();
            var deal = await ReadyDialogAsync(page, "Title");
            await deal.GetByLabel("Title").FillAsync(payload);
            await deal.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = payload })).ToBeVisibleAsync(Patiently);

            await AssertNothingRanAsync(page, alerts, payload);
        }
    }

    [Fact]
    public async Task A_javascript_website_never_becomes_a_javascript_link()
    {
        var (context, page, alerts) = await SignedInAsync();
        await using var _ = context;
        var name = "Hostile website " + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync("/companies");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New company" }).ClickAsync();
        var dialog = await ReadyDialogAsync(page, "Name");
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Website").FillAsync(HostilePayloads.Xss[2]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // Refused next to the field, or kept as a web address: either way no javascript: link, stored or shown.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name }).Or(dialog.GetByText(WebAddress.InvalidWebsite))).ToBeVisibleAsync(Patiently);
        Assert.Equal(0, await page.Locator("a[href^='javascript' i]").CountAsync());
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member);
        Assert.All(await session.ListAsync<string>("select coalesce(website, '') from companies where name = @n", ("n", name)),
            website => Assert.Matches("^(|https?://.*)$", website));
        await AssertNothingRanAsync(page, alerts, HostilePayloads.Xss[2]);
    }

    // Found by this suite: the longest note the form allows did not fit SignalR's default 32 KB message, so the dialog
    // saved nothing (FeatureRegistration now allows 128 KB).
    [Fact]
    public async Task A_100_kb_name_is_cut_to_its_limit_and_the_longest_note_is_saved()
    {
        var (context, page, alerts) = await SignedInAsync();
        await using var _ = context;
        var marker = "Big" + Guid.NewGuid().ToString("N")[..6];

        var dialog = await NewContactDialogAsync(page);
        await dialog.GetByLabel("First name").FillAsync(HostilePayloads.Odd[0]);
        await dialog.GetByLabel("Last name").FillAsync(marker);
        // The longest note the form allows: 20,000 characters in one change event.
        await dialog.GetByLabel("Notes").FillAsync(new string('N', 20_000));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = marker })).ToBeVisibleAsync(Patiently);
        Assert.Equal([200, 20_000], await ContactColumnLengthsAsync(marker, "first_name", "notes"));
        await AssertNothingRanAsync(page, alerts, "100 KB");
    }

    [Fact]
    public async Task A_nul_byte_and_a_lone_surrogate_in_a_dialog_are_saved_without_them()
    {
        var (context, page, alerts) = await SignedInAsync();
        await using var _ = context;
        var marker = "Odd" + Guid.NewGuid().ToString("N")[..6];

        var dialog = await NewContactDialogAsync(page);
        await dialog.GetByLabel("Last name").FillAsync(marker);
        await dialog.GetByLabel("Job title").FillAsync(HostilePayloads.Odd[1] + " " + HostilePayloads.Odd[2]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = marker })).ToBeVisibleAsync(Patiently);
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member);
        Assert.Equal(["nulbyte lone \uFFFD surrogate"],
            await session.ListAsync<string>("select job_title from contacts where last_name = @m", ("m", marker)));
        await AssertNothingRanAsync(page, alerts, "NUL and surrogate");
    }

    private static async Task<ILocator> NewContactDialogAsync(IPage page)
    {
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        return await ReadyDialogAsync(page, "First name");
    }

    /// <summary>The open dialog once it is ready for typing: FormDialogKeys focuses its first field then.</summary>
    private static async Task<ILocator> ReadyDialogAsync(IPage page, string firstField)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel(firstField, new() { Exact = true })).ToBeFocusedAsync(new() { Timeout = 15_000 });
        return dialog;
    }

    private async Task<List<int>> ContactColumnLengthsAsync(string lastName, params string[] columns)
    {
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member);
        var lengths = new List<int>();
        foreach (var column in columns)
            lengths.Add(await session.ScalarAsync<int>($"select length({column}) from contacts where last_name = @m", ("m", lastName)));
        return lengths;
    }

    [Fact]
    public async Task Hostile_search_text_and_filters_in_every_list_address_never_error_run_or_wait()
    {
        var (context, page, alerts) = await SignedInAsync();
        await using var _ = context;
        var lists = new[] { "/contacts?q={0}&tag={0}&owner={0}&company={0}&page={0}", "/companies?q={0}&role={0}&owner={0}&sort={0}",
            "/pipeline?q={0}&owner={0}&tag={0}&from={0}&to={0}", "/activities?type={0}&owner={0}&page={0}", "/trash?kind={0}" };
        var failures = new List<string>();

        foreach (var payload in HostilePayloads.Sql.Concat(HostilePayloads.Xss).Append(HostilePayloads.Odd[1]))
            foreach (var list in lists)
            {
                var url = string.Format(list, Uri.EscapeDataString(payload));
                var (status, took) = await OpenAsync(page, url);
                if (status >= 500) failures.Add($"{url}: {status}");
                // pg_sleep(5), if it ever ran, would add 5 s to the same list with a harmless word.
                if (payload.Contains("pg_sleep") && took > (await OpenAsync(page, string.Format(list, "harmless"))).Took + Bound)
                    failures.Add($"{url}: took {took.TotalSeconds:0.0} s");
                if (await page.GetByText(FriendlyError.Unexpected).CountAsync() > 0) failures.Add($"{url}: an error");
            }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await AssertNothingRanAsync(page, alerts, "search");
    }

    private static async Task<(int Status, TimeSpan Took)> OpenAsync(IPage page, string url)
    {
        var clock = Stopwatch.StartNew();
        var response = await page.GotoAsync(url);
        await page.WaitForCircuitAsync();
        return (response?.Status ?? 0, clock.Elapsed);
    }

    private async Task<(IBrowserContext, IPage, List<string>)> SignedInAsync()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        var alerts = new List<string>();
        page.Dialog += (_, dialog) => { alerts.Add(dialog.Message); _ = dialog.DismissAsync(); };
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.WaitForCircuitAsync();
        return (context, page, alerts);
    }

    private static async Task AssertNothingRanAsync(IPage page, List<string> alerts, string after)
    {
        Assert.True(await page.EvaluateAsync<bool>("typeof window.__xss === 'undefined' && typeof parent.__xss === 'undefined'"),
            $"a script ran after {after}");
        Assert.True(alerts.Count == 0, $"a browser dialog opened after {after}: {string.Join(", ", alerts)}");
        Assert.Equal(0, await page.GetByText(FriendlyError.Unexpected).CountAsync());
    }
}
