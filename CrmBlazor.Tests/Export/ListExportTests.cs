using System.Net;
using CrmBlazor.Tests.Infrastructure;
using CsvHelper;
using MiniExcelLibs;

namespace CrmBlazor.Tests.Export;

/// <summary>The list exports through their endpoints, signed in, against a tenant built for this class and a second one that must never show.</summary>
public sealed class ListExportTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ExportApp app = default!;
    private TestTenant tenant = default!;
    private Guid maria, viewer;
    private TestPipeline pipeline = default!;

    public async ValueTask InitializeAsync()
    {
        app = new ExportApp(database.AppConnectionString);
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);

        var other = await session.CreateTenantAsync("Other Ltd");
        await AddContactAsync(session, "Olga", "Other", "olga@other.example", null, null);
        await session.AddCompanyAsync("Acme Other", "acme-other.example");

        tenant = await session.CreateTenantAsync("Export Ltd");
        maria = await session.AddUserAsync("Member");
        viewer = await session.AddUserAsync("Viewer");
        await session.AddCompanyAsync("Acme Corp", "acme.example");
        await session.AddCompanyAsync("Acme Labs", "acmelabs.example");
        await session.AddCompanyAsync("Globex", "globex.example");
        await session.AddCompanyAsync("Smith, \"The Best\"\nWidgets", "smith.example");
        await AddContactAsync(session, "Anna", "Alpha", "anna@export.example", maria, "Buyer");
        await AddContactAsync(session, "Carl", "Gamma", "carl@export.example", maria, "Engineer");
        await AddContactAsync(session, "Bert", "Beta", "bert@export.example", maria, "Manager");
        await AddContactAsync(session, "Dora", "Delta", "dora@export.example", null, "Owner");
        await AddContactAsync(session, "=HYPERLINK(\"http://evil.example\")", "+SUM(A1)", "formula@export.example", null, "@import");
        await AddContactAsync(session, "Tabby", "\tTab", "tab@export.example", null, "-2+3");
        pipeline = await session.AddPipelineAsync();
        var elsewhere = await session.AddPipelineAsync(isDefault: false);
        await AddDealAsync(session, pipeline, "Small", 100, maria);
        await AddDealAsync(session, pipeline, "Large", 9000, maria);
        await AddDealAsync(session, pipeline, "Medium", 500, maria);
        await AddDealAsync(session, pipeline, "Unowned", 7000, null);
        await AddDealAsync(session, elsewhere, "Elsewhere", 8000, maria);
    }

    private static Task<Guid> AddDealAsync(DbSession session, TestPipeline pipeline, string title, decimal value, Guid? owner) =>
        session.ScalarAsync<Guid>("""
            insert into deals (title, pipeline_id, stage_id, owner_id, value, currency, probability, rank)
            values (@title, @pipeline, @stage, @owner, @value, 'EUR', 10, @title) returning id
            """, ("title", title), ("pipeline", pipeline.Id), ("stage", pipeline.FirstStageId), ("owner", owner), ("value", value));

    private static Task<Guid> AddContactAsync(DbSession session, string first, string last, string email, Guid? owner, string? jobTitle) =>
        session.ScalarAsync<Guid>("""
            insert into contacts (first_name, last_name, email, owner_id, job_title)
            values (@first, @last, @email, @owner, @job) returning id
            """, ("first", first), ("last", last), ("email", email), ("owner", owner), ("job", jobTitle));

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private HttpClient AsOwner => app.As(tenant.Id, tenant.OwnerId, "Owner");

    [Fact]
    public async Task A_contacts_export_has_exactly_the_filtered_contacts_in_the_lists_sort()
    {
        var response = await AsOwner.GetAsync($"/export/contacts?format=csv&owner={maria}&sort=email&desc=true", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await ReadCsvAsync(response);
        Assert.Equal(["First name", "Last name", "Email", "Phone", "Job title", "Company", "Owner", "Tags", "Last activity", "Created"], rows[0]);
        Assert.Equal(["carl@export.example", "bert@export.example", "anna@export.example"], rows.Skip(1).Select(r => r[2]));
        Assert.Equal(["Carl", "Bert", "Anna"], rows.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task A_companies_search_export_has_exactly_the_matches_in_the_chosen_sort()
    {
        var response = await AsOwner.GetAsync("/export/companies?format=csv&q=acme&sort=Domain&desc=true", Ct);

        var rows = await ReadCsvAsync(response);
        // Another tenant's "Acme Other" matches the search too, and must not show.
        Assert.Equal(["Acme Labs", "Acme Corp"], rows.Skip(1).Select(r => r[0]));
        Assert.Equal(["acmelabs.example", "acme.example"], rows.Skip(1).Select(r => r[1]));
    }

    [Fact]
    public async Task A_deals_export_has_the_pipelines_deals_of_mine_by_value_descending()
    {
        var asMaria = app.As(tenant.Id, maria, "Member");

        var rows = await ReadCsvAsync(await asMaria.GetAsync($"/export/deals?format=csv&pipeline={pipeline.Id}&owner=mine&sort=Value&desc=true", Ct));

        Assert.Equal(["Large", "Medium", "Small"], rows.Skip(1).Select(r => r[0]));
        Assert.Equal(["9000.00", "500.00", "100.00"], rows.Skip(1).Select(r => r[4]));
        Assert.Equal(HttpStatusCode.BadRequest, (await asMaria.GetAsync("/export/deals?format=csv", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_download_is_an_attachment_named_for_the_list_and_the_day()
    {
        var response = await AsOwner.GetAsync("/export/contacts?format=xlsx", Ct);

        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^contacts-\d{4}-\d{2}-\d{2}\.xlsx$", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Formula_cells_are_escaped_in_csv()
    {
        var rows = await ReadCsvAsync(await AsOwner.GetAsync("/export/contacts?format=csv&q=formula", Ct));

        var formula = Assert.Single(rows.Skip(1));
        Assert.Equal("'=HYPERLINK(\"http://evil.example\")", formula[0]);
        Assert.Equal("'+SUM(A1)", formula[1]);
        Assert.Equal("'@import", formula[4]);
        var tab = (await ReadCsvAsync(await AsOwner.GetAsync("/export/contacts?format=csv&q=tab%40export.example", Ct))).Skip(1).Single();
        Assert.Equal("'\tTab", tab[1]);
        Assert.Equal("'-2+3", tab[4]);
    }

    [Fact]
    public async Task Formula_cells_are_escaped_in_xlsx()
    {
        var response = await AsOwner.GetAsync("/export/contacts?format=xlsx&sort=email", Ct);
        await using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));

        var rows = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var formula = rows.Single(r => (string?)r["Email"] == "formula@export.example");
        Assert.Equal("'=HYPERLINK(\"http://evil.example\")", formula["First name"]);
        Assert.Equal("'+SUM(A1)", formula["Last name"]);
        Assert.Equal("'@import", formula["Job title"]);
        Assert.Equal("'-2+3", rows.Single(r => (string?)r["Email"] == "tab@export.example")["Job title"]);
        Assert.Equal(["anna@export.example", "bert@export.example", "carl@export.example", "dora@export.example", "formula@export.example", "tab@export.example"],
            rows.Select(r => (string?)r["Email"]));
    }

    [Fact]
    public async Task Commas_quotes_and_line_breaks_are_quoted_and_read_back_whole()
    {
        var response = await AsOwner.GetAsync("/export/companies?format=csv&q=smith", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Contains("\"Smith, \"\"The Best\"\"\nWidgets\",smith.example,", text);
        var rows = await ReadCsvAsync(text);
        Assert.Equal("Smith, \"The Best\"\nWidgets", Assert.Single(rows.Skip(1))[0]);
    }

    [Fact]
    public async Task Another_tenants_rows_never_appear()
    {
        var contacts = await AsOwner.GetStringAsync("/export/contacts?format=csv", Ct);
        var companies = await AsOwner.GetStringAsync("/export/companies?format=csv", Ct);

        Assert.DoesNotContain("olga@other.example", contacts);
        Assert.DoesNotContain("Acme Other", companies);
        Assert.Equal(7, (await ReadCsvAsync(contacts)).Count); // the header and this tenant's six contacts
    }

    [Fact]
    public async Task A_viewer_exports_lists_but_only_the_owner_exports_everything()
    {
        var asViewer = app.As(tenant.Id, viewer, "Viewer");

        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync("/export/contacts?format=csv", Ct)).StatusCode);
        var refused = await asViewer.GetAsync("/export/everything", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Only the Owner can do this; your role is Viewer.", await refused.Content.ReadAsStringAsync(Ct));
        var admin = await app.As(tenant.Id, maria, "Admin").GetAsync("/export/everything", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        var owner = await AsOwner.GetAsync("/export/everything", Ct);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal("application/zip", owner.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Nobody_signed_in_gets_no_export()
    {
        using var anonymous = app.As(Guid.Empty, Guid.Empty, "");
        anonymous.DefaultRequestHeaders.Remove("X-Test-Acting");

        var response = await anonymous.GetAsync("/export/contacts?format=csv", Ct);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("@export.example", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task An_export_is_audited_with_its_kind_format_filters_and_row_count()
    {
        await AsOwner.GetAsync($"/export/contacts?format=csv&owner={maria}", Ct);

        await using var session = await DbSession.OpenAsync(database.AppConnectionString, tenant.Id, tenant.OwnerId);
        var details = await session.ListAsync<string>("""
            select new_data->>'detail' from audit_logs where event = 'export.list' and table_name = 'contacts' and changed_by = @owner
            """, ("owner", tenant.OwnerId));
        Assert.Contains(details, d => d.Contains("\"format\":\"csv\"") && d.Contains($"\"owner\":\"{maria}\"") && d.Contains("\"rows\":3"));
    }

    private static async Task<List<string[]>> ReadCsvAsync(HttpResponseMessage response) =>
        await ReadCsvAsync(await response.Content.ReadAsStringAsync(Ct));

    private static async Task<List<string[]>> ReadCsvAsync(string text)
    {
        await using var csv = CsvReader.Create(new StringReader(text.TrimStart('\uFEFF')), CsvReaderOptions.Default with { HasHeader = false });
        var rows = new List<string[]>();
        while (await csv.ReadAsync(Ct))
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        return rows;
    }
}
