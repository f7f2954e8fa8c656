using System.Net;
using CrmBlazor.Tests.Export;
using CrmBlazor.Tests.Infrastructure;
using CsvHelper;

namespace CrmBlazor.Tests.Audit;

/// <summary>The audit log's export: the filtered view as a file, for Owners and Admins only, escaped and audited like the lists'.</summary>
public sealed class AuditExportTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ExportApp app = default!;
    private TestTenant tenant = default!;
    private Guid member, deal;

    public async ValueTask InitializeAsync()
    {
        app = new ExportApp(database.AppConnectionString);
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var other = await session.CreateTenantAsync("Other Ltd");
        await session.AddContactAsync(email: "=cmd@other.example");

        tenant = await session.CreateTenantAsync("Audit Ltd");
        member = await session.AddUserAsync("Member");
        await session.ActAsAsync(tenant, member);
        var pipeline = await session.AddPipelineAsync();
        deal = await session.AddDealAsync(pipeline);
        // The change comes from a client whose user agent is a formula: the export must not let it run.
        await session.ExecuteAsync("select set_config('app.client_ip', '198.51.100.4', false), set_config('app.user_agent', '=cmd|agent', false)");
        await session.ExecuteAsync("update deals set title = '=HYPERLINK(\"http://evil.example\")', value = 2500 where id = @d", ("d", deal));
        await session.AddContactAsync(email: "=cmd@audit.example");
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task The_export_has_the_filtered_entries_newest_first_with_their_changes_escaped()
    {
        var response = await app.As(tenant.Id, tenant.OwnerId, "Owner").GetAsync($"/export/audit?format=csv&user={member}&type=deals", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"^audit-\d{4}-\d{2}-\d{2}\.csv$", response.Content.Headers.ContentDisposition?.FileNameStar);
        var rows = await ReadCsvAsync(response);
        Assert.Equal(["When (UTC)", "User", "Action", "Record type", "Record", "Record id", "Changes", "Detail", "IP address", "User agent"], rows[0]);
        Assert.Equal(["Changed", "Created"], rows.Skip(1).Select(r => r[2]));
        Assert.All(rows.Skip(1), r => Assert.Equal(("Deal", deal.ToString()), (r[3], r[5])));
        Assert.Equal("'=HYPERLINK(\"http://evil.example\")", rows[1][4]);
        Assert.Equal("Title: Deal → =HYPERLINK(\"http://evil.example\"); Value: 1,000 EUR → 2,500 EUR", rows[1][6]);
        Assert.Equal(("198.51.100.4", "'=cmd|agent"), (rows[1][8], rows[1][9]));
        Assert.Equal(("", ""), (rows[2][8], rows[2][9]));
    }

    [Fact]
    public async Task A_member_is_refused_and_an_admins_download_is_audited()
    {
        var refused = await app.As(tenant.Id, member, "Member").GetAsync("/export/audit?format=csv", Ct);
        await app.As(tenant.Id, tenant.OwnerId, "Owner").GetAsync("/export/audit?format=xlsx&name=lovelace", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await using var session = await DbSession.OpenAsync(database.AppConnectionString, tenant.Id, tenant.OwnerId);
        Assert.Equal(["audit.export"], await session.ListAsync<string>(
            "select new_data ->> 'detail' from audit_logs where event = 'permission.denied' and changed_by = @m", ("m", member)));
        var detail = await session.ScalarAsync<string>("select new_data ->> 'detail' from audit_logs where event = 'export.list' and table_name = 'audit'");
        Assert.Contains("\"rows\":1", detail);
        Assert.Contains("\"name\":\"lovelace\"", detail);
    }

    private static async Task<List<string[]>> ReadCsvAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        await using var csv = CsvReader.Create(new StringReader(text.TrimStart('\uFEFF')), CsvReaderOptions.Default with { HasHeader = false });
        var rows = new List<string[]>();
        while (await csv.ReadAsync(Ct))
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        return rows;
    }
}
