using System.IO.Compression;
using System.Text;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Export;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Export;

/// <summary>
/// Export everything, then import it into a new empty tenant of the same database: every table's
/// business columns come back equal, with fresh ids and references followed through them. Compared by
/// what the rows say (names, emails, titles), since every id is new.
/// </summary>
public sealed class TenantRoundTripTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ExportApp app = default!;
    private TestTenant source = default!;
    private string ownerEmail = "", memberEmail = "", viewerEmail = "";

    public async ValueTask InitializeAsync()
    {
        app = new ExportApp(database.AppConnectionString);
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        source = await session.CreateTenantAsync("Source Ltd");
        var member = await session.AddUserAsync("Member");
        var viewer = await session.AddUserAsync("Viewer");
        ownerEmail = $"user-{source.OwnerId:N}@example.test";
        memberEmail = $"user-{member:N}@example.test";
        viewerEmail = $"user-{viewer:N}@example.test";

        // The export's default is a pipeline of three open stages, in place of the one the tenant was made with.
        TestPipeline sales;
        await using (var swap = await session.Connection.BeginTransactionAsync(Ct))
        {
            await session.ExecuteAsync("delete from pipelines where id = @p", ("p", source.DefaultPipeline!.Id));
            sales = await session.AddPipelineAsync(isDefault: true, stages: 3);
            await swap.CommitAsync(Ct);
        }
        var partners = await session.AddPipelineAsync(isDefault: false, stages: 2);
        var acme = await session.AddCompanyAsync("Acme, \"Corp\"", "acme.example", ownerId: member);
        var globex = await session.AddCompanyAsync("Globex", "globex.example", ownerId: viewer);
        var gone = await session.AddCompanyAsync("Gone GmbH", "gone.example");
        await session.AddCompanyRoleAsync(acme, "customer");
        await session.AddCompanyRoleAsync(acme, "principal");
        await session.AddCompanyRoleAsync(globex, "distributor");
        var ada = await AddContactAsync(session, "Ada", "Lovelace", "ada@acme.example", acme, member, "Line one\nline \"two\", three");
        var formula = await AddContactAsync(session, "=1+1", "-Minus", "formula@acme.example", acme, null, "'quoted already");
        var left = await AddContactAsync(session, "Left", "Behind", "left@globex.example", globex, source.OwnerId, null);
        var vip = await session.AddTagAsync("VIP");
        var cold = await session.AddTagAsync("=cold");
        await session.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@c, @t), (@c2, @t)", ("c", ada), ("c2", formula), ("t", vip));
        await session.ExecuteAsync("insert into company_tags (company_id, tag_id) values (@c, @t)", ("c", globex), ("t", cold));
        var big = await session.ScalarAsync<Guid>("""
            insert into deals (title, pipeline_id, stage_id, contact_id, company_id, owner_id, value, currency, probability, rank, expected_close_date)
            values ('Big deal', @p, @s, @contact, @company, @owner, 12345.67, 'EUR', 40, 'm', date '2027-01-31') returning id
            """, ("p", sales.Id), ("s", sales.StageIds[1]), ("contact", ada), ("company", acme), ("owner", member));
        var small = await session.ScalarAsync<Guid>("""
            insert into deals (title, pipeline_id, stage_id, company_id, value, currency, probability, rank)
            values ('Small deal', @p, @s, @company, 10, 'USD', 10, 'a') returning id
            """, ("p", partners.Id), ("s", partners.StageIds[0]), ("company", globex));
        await session.ExecuteAsync("insert into deal_tags (deal_id, tag_id) values (@d, @t), (@d, @t2)", ("d", big), ("t", vip), ("t2", cold));
        // Each deal's company is its primary customer: the database adds that participant (deal_customer.sql).
        await session.ExecuteAsync("""
            insert into deal_participants (deal_id, company_id, role, is_primary, commission_rate) values (@d, @c, 'distributor', false, 0.125)
            """, ("d", big), ("c", globex));
        await session.ExecuteAsync("""
            insert into activities (type, subject, body, contact_id, deal_id, owner_id, due_at)
            values ('task', 'Send the offer', 'With, "quotes"', @c, @d, @o, timestamptz '2027-01-15 09:30:00+00')
            """, ("c", ada), ("d", big), ("o", member));
        await session.AddActivityAsync(contactId: left);
        await session.AddActivityAsync(companyId: gone);
        // Soft-deleted after their activities were logged: the activities still point at them.
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", left));
        await session.ExecuteAsync("update companies set deleted_at = now() where id = @id", ("id", gone));
    }

    private static Task<Guid> AddContactAsync(DbSession session, string first, string last, string email, Guid? company, Guid? owner, string? notes) =>
        session.ScalarAsync<Guid>("""
            insert into contacts (first_name, last_name, email, company_id, owner_id, notes, phone, job_title)
            values (@first, @last, @email, @company, @owner, @notes, '+49 30 123', 'Buyer') returning id
            """, ("first", first), ("last", last), ("email", email), ("company", company), ("owner", owner), ("notes", notes));

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Everything_exported_comes_back_equal_in_an_empty_tenant()
    {
        var zip = await ExportSourceAsync();
        await FreeSourceEmailsAsync();
        var target = await RegisterAsync(ownerEmail);
        await using (var session = await DbSession.OpenAsync(database.AppConnectionString, target.Id, target.OwnerId))
            await session.AddUserAsync("Member", email: memberEmail); // the viewer has no namesake here

        var result = await RestoreAsync(target, zip);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(1, result.OwnersNotMatched); // Globex's owner, the viewer
        Assert.Equal(3, result.Rows["contacts"]);
        foreach (var (table, sql) in BusinessColumns)
        {
            var before = await ReadAsync(source.Id, sql);
            var after = await ReadAsync(target.Id, sql);
            Assert.NotEmpty(before);
            Assert.True(before == after, $"{table} differs.\nexported:\n{before}\nimported:\n{after}");
        }
        await using var check = await DbSession.OpenAsync(database.AppConnectionString, target.Id, target.OwnerId);
        Assert.Equal(1, await check.CountAsync("audit_logs where event = 'import.everything'"));
    }

    [Fact]
    public async Task A_tampered_export_is_refused_and_nothing_is_written()
    {
        var zip = await ExportSourceAsync();
        var tampered = Rewrite(zip, "contacts.csv", csv => csv.Replace("Lovelace", "Lovelaze"));
        var target = await RegisterAsync($"tamper-{Guid.NewGuid():N}@example.test");

        var result = await RestoreAsync(target, tampered);

        Assert.False(result.Succeeded);
        Assert.StartsWith("contacts.csv does not match the manifest", result.Problem);
        await using var session = await DbSession.OpenAsync(database.AppConnectionString, target.Id, target.OwnerId);
        foreach (var table in new[] { "companies", "contacts", "tags", "deals", "activities" })
            Assert.Equal(0, await session.CountAsync(table));
        Assert.Equal(["Sales"], await session.ListAsync<string>("select name from pipelines")); // registration's, untouched
        Assert.Equal(0, await session.CountAsync("audit_logs where event = 'import.everything'"));
    }

    [Fact]
    public async Task A_row_the_database_refuses_half_way_leaves_nothing_of_the_import()
    {
        // A consistent export (its manifest resealed) whose distributor no longer holds that role:
        // companies, contacts, pipelines and deals go in before deal_participants is refused.
        var zip = Reseal(await ExportSourceAsync(), "company_roles.csv",
            csv => string.Join("\n", csv.Split('\n').Where(line => !line.Contains(",distributor,"))));
        var target = await RegisterAsync($"halfway-{Guid.NewGuid():N}@example.test");

        var result = await RestoreAsync(target, zip);

        Assert.StartsWith("deal_participants.csv could not be loaded:", result.Problem);
        Assert.EndsWith("Nothing was imported.", result.Problem);
        await using var session = await DbSession.OpenAsync(database.AppConnectionString, target.Id, target.OwnerId);
        foreach (var table in new[] { "companies", "company_roles", "contacts", "tags", "contact_tags", "deals" })
            Assert.Equal(0, await session.CountAsync(table));
        Assert.Equal(["Sales"], await session.ListAsync<string>("select name from pipelines")); // registration's, with its six stages
        Assert.Equal(6, await session.CountAsync("pipeline_stages"));
    }

    [Fact]
    public async Task A_workspace_that_holds_records_is_refused()
    {
        var zip = await ExportSourceAsync();

        var result = await RestoreAsync(source, zip);

        Assert.Equal("This workspace already has 3 contacts, 3 companies, 2 deals, 2 tags, 3 activities. A full export can only be imported into an empty workspace.",
            result.Problem);
    }

    [Fact]
    public async Task The_export_lists_users_without_secrets_and_a_manifest_of_counts_and_checksums()
    {
        var zip = await ExportSourceAsync();

        using var archive = new ZipArchive(new MemoryStream(zip));
        var users = await ReadEntryAsync(archive, "users.csv");
        Assert.StartsWith("id,email,full_name,role,is_active,deleted_at,created_at", users);
        Assert.Contains(ownerEmail, users);
        Assert.DoesNotContain("secret-", users); // TestTenants' password hashes and security stamps
        var manifest = BackupManifest.Parse(await ReadEntryAsync(archive, "manifest.json"))!;
        Assert.Equal(BackupTables.All.Select(t => t.FileName), manifest.Files.Select(f => f.Name));
        Assert.Equal(3, manifest.Files.Single(f => f.Name == "contacts.csv").Rows);
        Assert.Equal(3, manifest.Files.Single(f => f.Name == "users.csv").Rows);
        Assert.Matches("^[0-9a-f]{64}$", manifest.Files[0].Sha256);
        Assert.StartsWith("20", manifest.SchemaVersion);
        await using var session = await DbSession.OpenAsync(database.AppConnectionString, source.Id, source.OwnerId);
        Assert.Equal(1, await session.CountAsync("audit_logs where event = 'export.everything'"));
    }

    private async Task<byte[]> ExportSourceAsync()
    {
        await using var scope = app.ActAs(source.Id, source.OwnerId, "Owner");
        using var zip = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<TenantBackup>().ExportAsync(zip, Ct);
        return zip.ToArray();
    }

    private async Task<TenantRestoreResult> RestoreAsync(TestTenant target, byte[] zip)
    {
        await using var scope = app.ActAs(target.Id, target.OwnerId, "Owner");
        return await scope.ServiceProvider.GetRequiredService<TenantRestore>().RestoreAsync(new MemoryStream(zip), Ct);
    }

    /// <summary>Emails are unique across tenants: the source's users give theirs up so the new tenant's users can match them.</summary>
    private async Task FreeSourceEmailsAsync()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString, source.Id, source.OwnerId);
        await session.ExecuteAsync("update users set email = 'old-' || email, normalized_email = upper('old-' || email), user_name = 'old-' || email, normalized_user_name = upper('old-' || email)");
    }

    /// <summary>A tenant as sign-up makes it: its Owner and the default Sales pipeline.</summary>
    private async Task<TestTenant> RegisterAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var registered = await scope.ServiceProvider.GetRequiredService<RegistrationService>()
            .RegisterAsync(new Registration("Target " + Guid.NewGuid().ToString("N")[..6], "Target Owner", email, CrmAppFactory.DemoPassword),
                NewOrganization.LinkBase, Ct);
        Assert.True(registered.Succeeded, string.Join(", ", registered.Errors.Values));
        return new TestTenant(registered.Owner!.TenantId, registered.Owner.Id, "");
    }

    private async Task<string> ReadAsync(Guid tenantId, string sql)
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString, tenantId);
        var rows = await session.ListAsync<string>($"select r::text from ({sql}) r");
        return string.Join("\n", rows.Order(StringComparer.Ordinal));
    }

    // A user as the comparison sees one: the email without the "old-" the source gave up, and none for the unmatched viewer.
    private string Email(string column) => $"(select nullif(regexp_replace(u.email, '^old-', ''), '{viewerEmail}') from users u where u.id = {column})";

    private IEnumerable<(string Table, string Sql)> BusinessColumns =>
    [
        ("companies", $"select name, domain, website, industry, phone, address_line, city, region, postal_code, country, {Email("c.owner_id")}, deleted_at is not null from companies c"),
        ("company_roles", "select c.name, r.role from company_roles r join companies c on c.id = r.company_id"),
        ("contacts", $"select first_name, last_name, email, phone, job_title, notes, (select name from companies where id = c.company_id), {Email("c.owner_id")}, deleted_at is not null from contacts c"),
        ("tags", "select name, color from tags"),
        ("contact_tags", "select c.email, t.name from contact_tags x join contacts c on c.id = x.contact_id join tags t on t.id = x.tag_id"),
        ("company_tags", "select c.name, t.name from company_tags x join companies c on c.id = x.company_id join tags t on t.id = x.tag_id"),
        ("deal_tags", "select d.title, t.name from deal_tags x join deals d on d.id = x.deal_id join tags t on t.id = x.tag_id"),
        ("pipelines", "select name, is_default from pipelines"),
        ("pipeline_stages", "select p.name, s.name, s.position, s.probability, s.kind, s.color from pipeline_stages s join pipelines p on p.id = s.pipeline_id"),
        ("deals", $"""
            select d.title, p.name, s.name, (select email from contacts where id = d.contact_id), (select name from companies where id = d.company_id),
                   {Email("d.owner_id")}, d.value, d.currency, d.probability, d.expected_close_date, d.closed_at, d.lost_reason, d.rank, d.deleted_at is not null
            from deals d join pipelines p on p.id = d.pipeline_id join pipeline_stages s on s.id = d.stage_id
            """),
        ("deal_participants", "select d.title, c.name, x.role, x.is_primary, x.commission_rate from deal_participants x join deals d on d.id = x.deal_id join companies c on c.id = x.company_id"),
        ("activities", $"""
            select type, subject, body, due_at, completed_at, (select email from contacts where id = a.contact_id), (select name from companies where id = a.company_id),
                   (select title from deals where id = a.deal_id), {Email("a.owner_id")}, deleted_at is not null
            from activities a
            """),
    ];

    private static byte[] Rewrite(byte[] zip, string entryName, Func<string, string> change)
    {
        using var input = new ZipArchive(new MemoryStream(zip));
        using var output = new MemoryStream();
        using (var rewritten = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in input.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var text = reader.ReadToEnd();
                using var writer = new StreamWriter(rewritten.CreateEntry(entry.FullName).Open(), new UTF8Encoding(false));
                writer.Write(entry.FullName == entryName ? change(text) : text);
            }
        return output.ToArray();
    }

    /// <summary>The zip with one file changed and the manifest made to match it again.</summary>
    private static byte[] Reseal(byte[] zip, string entryName, Func<string, string> change)
    {
        var changed = Rewrite(zip, entryName, change);
        using var archive = new ZipArchive(new MemoryStream(changed));
        using var reader = new StreamReader(archive.GetEntry(entryName)!.Open());
        var text = reader.ReadToEnd();
        var manifest = BackupManifest.Parse(new StreamReader(archive.GetEntry(BackupManifest.FileName)!.Open()).ReadToEnd())!;
        var file = new BackupFile(entryName, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        var resealed = manifest with { Files = manifest.Files.Select(f => f.Name == entryName ? file : f).ToList() };
        return Rewrite(changed, BackupManifest.FileName, _ => resealed.ToJson());
    }

    private static async Task<string> ReadEntryAsync(ZipArchive archive, string name)
    {
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return await reader.ReadToEndAsync(Ct);
    }
}
