using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using CsvHelper;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class ExportFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_viewer_filters_the_contacts_and_downloads_exactly_those_rows_as_csv()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Viewer, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();

        await page.GetByLabel("Tag").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "VIP" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("tag="));
        await page.GetByRole(AriaRole.Button, new() { Name = "Export" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Menuitem, new() { Name = "Export as CSV" }).ClickAsync());

        Assert.Matches(@"^contacts-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var rows = await ReadCsvAsync(await download.PathAsync());
        Assert.Equal(["First name", "Last name", "Email"], rows[0][..3]);
        Assert.Equal(await VipEmailsInNameOrderAsync(), rows.Skip(1).Select(r => r[2]).ToList());
        Assert.All(rows.Skip(1), r => Assert.Contains("VIP", r[7]));
    }

    [Fact]
    public async Task The_owner_downloads_everything_from_the_admin_page_as_a_zip_with_its_manifest()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Owner, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/admin");
        await page.WaitForCircuitAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export everything" }).ClickAsync());

        Assert.Matches(@"^crm-export-\d{4}-\d{2}-\d{2}\.zip$", download.SuggestedFilename);
        using var zip = System.IO.Compression.ZipFile.OpenRead(await download.PathAsync());
        Assert.Contains("manifest.json", zip.Entries.Select(e => e.FullName));
        Assert.Contains("contacts.csv", zip.Entries.Select(e => e.FullName));
    }

    /// <summary>What the list shows for the VIP tag, sorted by name, read straight from the database as the viewer.</summary>
    private async Task<List<string>> VipEmailsInNameOrderAsync()
    {
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Viewer);
        var emails = await session.ListAsync<string>("""
            select c.email from contacts c
            where c.deleted_at is null and exists (select 1 from contact_tags ct join tags t on t.id = ct.tag_id where ct.contact_id = c.id and t.name = 'VIP')
            order by c.last_name, c.first_name, c.id
            """);
        Assert.NotEmpty(emails);
        return emails;
    }

    private static async Task<List<string[]>> ReadCsvAsync(string path)
    {
        await using var csv = CsvReader.Create(File.OpenRead(path), CsvReaderOptions.Default with { HasHeader = false }, leaveOpen: false);
        var rows = new List<string[]>();
        while (await csv.ReadAsync(TestContext.Current.CancellationToken))
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        return rows;
    }
}
