using System.Text.RegularExpressions;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using Microsoft.VisualBasic.FileIO;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Issue 13's acceptance list, in the browser against the real app, its background job runner and PostgreSQL:
/// each test uploads a file it generates, walks the wizard and checks what the page shows and what is stored.
/// </summary>
public sealed class ImportFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_hubspot_export_is_mapped_automatically_and_imports_every_row_with_a_progress_bar()
    {
        const int Rows = 250;
        var (context, page) = await SignedInAsync();
        await using var _ = context;
        var wizard = new ImportWizard(page);

        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/import\\?kind=contacts$"));
        await page.WaitForCircuitAsync();
        await wizard.UploadAsync("hubspot-contacts.csv", ImportFlowFiles.HubSpotContacts(Rows, DemoTenant.Member));

        await Expect(page.GetByTestId("detected-format")).ToHaveTextAsync("hubspot-contacts.csv: UTF-8 with BOM, comma-separated, header row");
        await Expect(page.GetByTestId("file-preview").Locator("tbody tr")).ToHaveCountAsync(20);
        await Expect(page.GetByTestId("file-preview").Locator("thead th").First).ToHaveTextAsync("Record ID");

        await wizard.Next.ClickAsync();
        await Expect(wizard.MapsTo("First Name")).ToHaveValueAsync("First name");
        await Expect(wizard.MapsTo("Last Name")).ToHaveValueAsync("Last name");
        await Expect(wizard.MapsTo("Email")).ToHaveValueAsync("Email");
        await Expect(wizard.MapsTo("Phone Number")).ToHaveValueAsync("Phone");
        await Expect(wizard.MapsTo("Job Title")).ToHaveValueAsync("Job title");
        await Expect(wizard.MapsTo("Company Name")).ToHaveValueAsync("Company name");
        await Expect(wizard.MapsTo("Contact owner")).ToHaveValueAsync("Owner (email or name)");
        await Expect(wizard.MapsTo("Record ID")).ToHaveValueAsync("Ignore this column");
        await Expect(wizard.Ignored).ToContainTextAsync("Record ID");
        await Expect(page.GetByLabel("Import only if every row is valid")).ToBeCheckedAsync();

        await wizard.ReviewAsync();
        await Expect(wizard.ReviewCount("Rows")).ToHaveTextAsync("250");
        await Expect(wizard.ReviewCount("Valid")).ToHaveTextAsync("250");
        await Expect(wizard.ReviewCount("Invalid")).ToHaveTextAsync("0");
        await Expect(wizard.ReviewCount("Duplicates in file")).ToHaveTextAsync("0");
        await Expect(wizard.ReviewCount("Matching existing records")).ToHaveTextAsync("0");

        await wizard.ImportAsync();
        await wizard.ExpectResultAsync(imported: Rows, updated: 0, skipped: 0, failed: 0);
        var written = page.GetByRole(AriaRole.Progressbar, new() { Name = "Rows written" });
        await Expect(written).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(page.GetByText("Rows written: 250 of 250")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download error report" })).ToHaveCountAsync(0);

        await using (var db = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member))
        {
            Assert.Equal(Rows, await db.ScalarAsync<long>(
                "select count(*) from contacts where email like @d and deleted_at is null", ("d", "%@" + ImportFlowFiles.HubSpotDomain)));
            Assert.Equal(Rows, await db.ScalarAsync<long>("""
                select count(*) from contacts c join users u on u.id = c.owner_id join companies co on co.id = c.company_id
                where c.email like @d and u.email = @o and co.name like 'Hub Company %' and c.job_title = 'Buyer'
                """, ("d", "%@" + ImportFlowFiles.HubSpotDomain), ("o", DemoTenant.Member)));
        }
        var (first, last) = ImportFlowFiles.HubSpotName(137);
        await page.GotoAsync($"/contacts?q={last}");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{first} {last}" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_semicolon_separated_windows_1252_file_keeps_its_umlauts()
    {
        var (context, page) = await SignedInAsync();
        await using var _ = context;
        var wizard = await ImportWizard.OpenAsync(page);

        await wizard.UploadAsync("kunden.csv", ImportFlowFiles.GermanWindows1252());
        await Expect(page.GetByTestId("detected-format")).ToHaveTextAsync("kunden.csv: Windows-1252, semicolon-separated, header row");
        await Expect(page.GetByTestId("file-preview")).ToContainTextAsync("Bäckerei Größer");

        await wizard.Next.ClickAsync();
        await Expect(wizard.MapsTo("Vorname")).ToHaveValueAsync("First name");
        await Expect(wizard.MapsTo("Nachname")).ToHaveValueAsync("Last name");
        await Expect(wizard.MapsTo("E-Mail")).ToHaveValueAsync("Email");
        await Expect(wizard.MapsTo("Firma")).ToHaveValueAsync("Company name");
        await wizard.ReviewAsync();
        await Expect(wizard.ReviewCount("Valid")).ToHaveTextAsync("3");
        await wizard.ImportAsync();
        await wizard.ExpectResultAsync(imported: 3, updated: 0, skipped: 0, failed: 0);

        await page.GotoAsync("/contacts?q=oeztuerk");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sören Öztürk" })).ToBeVisibleAsync();
        await page.GotoAsync("/companies?q=Straßenbau");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Straßenbau Süd" })).ToBeVisibleAsync();
        await using var db = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member);
        Assert.Equal("Jürgen Müller", await db.ScalarAsync<string>(
            "select first_name || ' ' || last_name from contacts where email = 'juergen.mueller@umlaut.example'"));
    }

    [Fact]
    public async Task An_adversarial_file_imports_its_valid_rows_and_reports_every_other_row_with_its_reason()
    {
        var (context, page) = await SignedInAsync();
        await using var _ = context;
        var wizard = await ImportWizard.OpenAsync(page);

        await wizard.UploadAsync("adversarial.csv", ImportFlowFiles.AdversarialCsv());
        await wizard.Next.ClickAsync();
        await page.GetByLabel("Import only if every row is valid").UncheckAsync();
        await wizard.ReviewAsync();

        var rows = ImportFlowFiles.Adversarial;
        var failing = rows.Where(r => r.Problem is not null).ToList();
        await Expect(wizard.ReviewCount("Rows")).ToHaveTextAsync(rows.Count.ToString());
        await Expect(wizard.ReviewCount("Valid")).ToHaveTextAsync((rows.Count - failing.Count).ToString());
        await Expect(wizard.ReviewCount("Invalid")).ToHaveTextAsync(failing.Count.ToString());
        await Expect(wizard.ReviewCount("Duplicates in file")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("import-issue")).ToHaveCountAsync(failing.Count);
        foreach (var row in failing)
            await Expect(wizard.Issue(row.RowNumber).Locator("td").Nth(1)).ToHaveTextAsync(row.Problem!);

        await wizard.ImportAsync();
        await wizard.ExpectResultAsync(imported: rows.Count - failing.Count, updated: 0, skipped: 0, failed: failing.Count);

        await using (var db = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member))
        {
            Assert.Equal(ImportFlowFiles.QuotedNote, await db.ScalarAsync<string>("select notes from contacts where email = 'anna.quote@adv.example'"));
            Assert.Equal("=1+2", await db.ScalarAsync<string>("select first_name from contacts where email = 'formula@adv.example'"));
            Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from contacts where first_name = 'Short' and last_name = 'Ragged' and email is null"));
            Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from contacts where email = 'zoe.valid@adv.example'"));
            Assert.Equal(0L, await db.ScalarAsync<long>("""
                select count(*) from contacts where lower(email) in
                ('no.name@adv.example', 'not-an-email', 'long.note@adv.example', 'nul.byte@adv.example', 'extra@adv.example')
                or (lower(email) = 'anna.quote@adv.example' and first_name <> 'Anna')
                """));
        }

        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Link, new() { Name = "Download error report" }).ClickAsync());
        using var report = new TextFieldParser(await download.PathAsync()) { TrimWhiteSpace = false };
        report.SetDelimiters(",");
        var records = new List<string[]>();
        while (!report.EndOfData) records.Add(report.ReadFields()!);
        Assert.Equal([.. ImportFlowFiles.AdversarialHeaders, "Error"], records[0]);
        Assert.Equal(failing.Count, records.Count - 1);
        foreach (var (row, record) in failing.Zip(records.Skip(1)))
        {
            // The file's values (NUL removed, formulas escaped), the ragged row's extra field after them, then the reason.
            var expected = row.Fields.Select(f => CsvCells.Escape(f.Replace("\0", ""))).ToList();
            while (expected.Count < ImportFlowFiles.AdversarialHeaders.Length) expected.Add("");
            Assert.Equal([.. expected, row.Problem!], record);
        }
        Assert.Contains(records, r => r[1] == "'" + ImportFlowFiles.Formula);
    }

    [Fact]
    public async Task Undo_removes_exactly_the_rows_the_import_created_and_restores_the_ones_it_updated()
    {
        var (context, page) = await SignedInAsync();
        await using var _ = context;
        await using var db = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member);
        var existing = await db.ScalarAsync<string>(
            "select email from contacts where email is not null and deleted_at is null and job_title is distinct from 'Imported title' order by email limit 1");
        var before = await ContactsSnapshotAsync(db);
        string[] created = ["undo.one@undo.example", "undo.two@undo.example", "undo.three@undo.example"];

        var wizard = await ImportWizard.OpenAsync(page);
        await wizard.UploadAsync("undo.csv", ImportFlowFiles.ContactsUpdating(created, [existing]));
        await wizard.Next.ClickAsync();
        await page.GetByLabel("When a record already exists").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Update", Exact = true }).ClickAsync();
        // The choice reaches the server before the review is asked for.
        await Expect(page.GetByLabel("When a record already exists")).ToHaveValueAsync("Update");
        await wizard.ReviewAsync();
        await Expect(wizard.ReviewCount("Matching existing records")).ToHaveTextAsync("1");
        await wizard.ImportAsync();
        await wizard.ExpectResultAsync(imported: 3, updated: 1, skipped: 0, failed: 0);
        Assert.Equal("Imported title", await db.ScalarAsync<string>("select job_title from contacts where email = @e", ("e", existing)));

        await page.GetByRole(AriaRole.Button, new() { Name = "Undo import", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("import-undone")).ToBeVisibleAsync(ImportWizard.JobTime);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo import", Exact = true })).ToHaveCountAsync(0);

        Assert.Equal(before, await ContactsSnapshotAsync(db));
        Assert.Equal(3L, await db.ScalarAsync<long>(
            "select count(*) from contacts where email like '%@undo.example' and deleted_at is not null"));

        // The job remembers it was undone, also after a reload.
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.GetByTestId("import-undone")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("recent-import").First).ToContainTextAsync("Undone");
    }

    [Fact]
    public async Task A_file_that_is_not_a_spreadsheet_is_refused_next_to_the_file_input()
    {
        var (context, page) = await SignedInAsync();
        await using var _ = context;
        await ImportWizard.OpenAsync(page);

        var input = page.GetByLabel("Choose a CSV file", new() { Exact = true });
        await Expect(input).ToBeEnabledAsync();
        await input.SetInputFilesAsync(new FilePayload
        {
            Name = "photo.csv", MimeType = "text/csv", Buffer = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 32))],
        });

        await Expect(page.GetByTestId("file-problem")).ToHaveTextAsync("The file is not a CSV, TSV or XLSX file.");
        await Expect(page).ToHaveURLAsync(new Regex("/import\\?kind=contacts$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true })).ToBeDisabledAsync();
    }

    private async Task<(IBrowserContext, IPage)> SignedInAsync()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        return (context, page);
    }

    /// <summary>Every live contact of the tenant with the fields an import sets, one line each, in a stable order.</summary>
    private static Task<string> ContactsSnapshotAsync(DbSession db) => db.ScalarAsync<string>("""
        select coalesce(string_agg(concat_ws('|', id, first_name, last_name, email, job_title, company_id, owner_id), E'\n' order by id), '')
        from contacts where deleted_at is null
        """);
}
