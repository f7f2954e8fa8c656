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
            var contact = page.GetByRole(AriaRole.Dialog);
            await contact.GetByLabel("First name").FillAsync(payload);
            await contact.GetByLabel("Last name").FillAsync(marker);
            await contact.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{payload} {marker}" })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Add a note" }).ClickAsync();
            var note = page.GetByRole(AriaRole.Dialog);
            await note.GetByLabel("Subject").FillAsync(payload);
            await note.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByText(payload, new() { Exact = true }).First).ToBeVisibleAsync();

            await page.GotoAsync("/companies");
            await page.WaitForCircuitAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "New company" }).ClickAsync();
            var company = page.GetByRole(AriaRole.Dialog);
            await company.GetByLabel("Name").FillAsync(payload + marker);
            await company.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = payload + marker })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).ClickAsync();
            var deal = page.GetByRole(AriaRole.Dialog);
            await deal.GetByLabel("Title").FillAsync(payload);
            await deal.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = payload })).ToBeVisibleAsync();

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
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Website").FillAsync(HostilePayloads.Xss[2]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // Refused next to the field, or kept as a web address: either way no javascript: link, stored or shown.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name }).Or(dialog.GetByText(WebAddress.InvalidWebsite))).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("a[href^='javascript' i]").CountAsync());
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member);
        Assert.All(await session.ListAsync<string>("select coalesce(website, '') from companies where name = @n", ("n", name)),
            website => Assert.Matches("^(|https?://.*)$", website));
        await AssertNothingRanAsync(page, alerts, HostilePayloads.Xss[2]);
    }

    [Fact]
    public async Task Oversized_nul_and_surrogate_text_in_a_dialog_is_cut_or_saved_never_an_error()
    {
        var (context, page, alerts) = await SignedInAsync();
        await using var _ = context;
        var marker = "Big" + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("First name").FillAsync(HostilePayloads.Odd[0]);
        await dialog.GetByLabel("Last name").FillAsync(marker);
        await dialog.GetByLabel("Job title").FillAsync(HostilePayloads.Odd[1] + HostilePayloads.Odd[2]);
        await dialog.GetByLabel("Notes").FillAsync(HostilePayloads.Odd[0]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = marker })).ToBeVisibleAsync();
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member);
        var lengths = await session.ListAsync<int>(
            "select length(first_name) from contacts where last_name = @m union all select length(notes) from contacts where last_name = @m",
            ("m", marker));
        Assert.Equal([200, 20_000], lengths);
        await AssertNothingRanAsync(page, alerts, "100 KB");
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
                var clock = Stopwatch.StartNew();
                var response = await page.GotoAsync(url);
                await page.WaitForCircuitAsync();
                clock.Stop();
                if (response is null || response.Status >= 500) failures.Add($"{url}: {response?.Status}");
                if (clock.Elapsed > Bound) failures.Add($"{url}: took {clock.Elapsed.TotalSeconds:0.0} s");
                if (await page.GetByText(FriendlyError.Unexpected).CountAsync() > 0) failures.Add($"{url}: an error");
            }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await AssertNothingRanAsync(page, alerts, "search");
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
