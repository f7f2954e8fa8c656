using CrmBlazor.Data;
using CrmBlazor.Setup;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static CrmBlazor.Setup.IntegrityCheck;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// The checks behind ./crm db check, run as the schema owner. Each test corrupts its own database,
/// so a finding can be pinned on exactly the corruption that caused it.
/// </summary>
public sealed class IntegrityCheckTests(PostgresCluster cluster) : IntegrityCheckTestBase(cluster)
{
    [Fact]
    public async Task Demo_tenant_passes_every_check()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);

        var report = await CheckAsync(database);

        Assert.All(report.Checks, check => Assert.True(check.Ok, $"{check.Name}: {string.Join(", ", check.Examples)}"));
        Assert.True(report.Ok);
        Assert.Equal(24, report.Checks.Count);
        Assert.Contains(report.Sizes, size => size.Table == "contacts" && size.TotalBytes > 0);
    }

    [Theory]
    [InlineData("DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE normalized_email = 'DEMO@CRM.LOCAL')")]
    [InlineData("UPDATE user_roles SET role_id = (SELECT id FROM roles WHERE normalized_name = 'ADMIN') WHERE user_id = (SELECT id FROM users WHERE normalized_email = 'DEMO@CRM.LOCAL')")]
    [InlineData("UPDATE users SET is_active = false WHERE id = (SELECT id FROM users WHERE normalized_email = 'DEMO@CRM.LOCAL')")]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = (SELECT id FROM users WHERE normalized_email = 'DEMO@CRM.LOCAL')")]
    public async Task Tenant_whose_only_owner_is_gone_is_reported(string takeTheOwnerAway)
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using (var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId))
        {
            // The deferred triggers would refuse this at commit; the check exists for when they were bypassed.
            await session.ExecuteAsync("ALTER TABLE users DISABLE TRIGGER keep_an_owner");
            await session.ExecuteAsync("ALTER TABLE user_roles DISABLE TRIGGER keep_an_owner");
            await session.ExecuteAsync("ALTER TABLE user_roles DISABLE TRIGGER user_keeps_a_role");
            Assert.Equal(1, await session.ExecuteAsync(takeTheOwnerAway));
            // On again, or "triggers missing or disabled" would report them too.
            await session.ExecuteAsync("ALTER TABLE users ENABLE TRIGGER keep_an_owner");
            await session.ExecuteAsync("ALTER TABLE user_roles ENABLE TRIGGER keep_an_owner");
            await session.ExecuteAsync("ALTER TABLE user_roles ENABLE TRIGGER user_keeps_a_role");
        }

        var report = await CheckAsync(database);

        // The owner's records and missing role are reported by rules of their own (IntegrityCheckTenantsTests).
        Assert.Equal([TenantsWithoutOwner], Problems(report).Except([RowsOwnedByGoneUsers, UsersWithoutOneRole]));
        var finding = Finding(report, TenantsWithoutOwner);
        Assert.Equal(1, finding.Count);
        Assert.Equal(["acme-demo"], finding.Examples);
    }

    [Fact]
    public async Task Active_contacts_sharing_an_email_in_any_letter_case_are_reported()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using (var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId))
        {
            await session.ExecuteAsync("DROP INDEX ux_contacts_email_active");
            await session.ExecuteAsync("""
                INSERT INTO contacts (first_name, email, deleted_at) VALUES
                    ('Ann', 'Ann@Example.com', NULL), ('Annie', 'ann@example.com', NULL), ('Old Ann', 'ann@example.com', now())
                """);
        }

        var report = await CheckAsync(database);

        Assert.Equal([DuplicateContactEmails], Problems(report));
        var finding = Finding(report, DuplicateContactEmails);
        Assert.Equal(1, finding.Count);
        Assert.Equal(["ann@example.com ×2 (acme-demo)"], finding.Examples);
    }

    [Fact]
    public async Task Contacts_loaded_with_the_tally_trigger_off_are_reported_until_recounted()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId);
        var live = await session.ScalarAsync<long>("SELECT count(*) FROM contacts WHERE tenant_id = @t AND deleted_at IS NULL", ("t", tenantId));
        await session.ExecuteAsync("ALTER TABLE contacts DISABLE TRIGGER tally_inserted");
        await session.ExecuteAsync("INSERT INTO contacts (first_name) VALUES ('Bulk one'), ('Bulk two')");
        await session.ExecuteAsync("ALTER TABLE contacts ENABLE TRIGGER tally_inserted");

        var report = await CheckAsync(database);

        Assert.Equal([ContactTalliesOutOfStep], Problems(report));
        Assert.Equal([$"acme-demo: tally {live}, live contacts {live + 2}"], Finding(report, ContactTalliesOutOfStep).Examples);
        await session.ExecuteAsync("SELECT crm_recount_contacts(@t)", ("t", tenantId));
        Assert.True((await CheckAsync(database)).Ok);
    }

    [Fact]
    public async Task Active_contact_of_a_company_deleted_later_is_reported()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using (var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId))
        {
            var companyId = await session.ScalarAsync<Guid>("INSERT INTO companies (name) VALUES ('Initech') RETURNING id");
            await session.ExecuteAsync("""
                INSERT INTO contacts (first_name, company_id, deleted_at) VALUES ('Peter', @c, NULL), ('Milton', @c, now())
                """, ("c", companyId));
            // Nothing stops a soft delete of a parent whose children stay: the schema only guards new references.
            await session.ExecuteAsync("UPDATE companies SET deleted_at = now() WHERE id = @c", ("c", companyId));
        }

        var report = await CheckAsync(database);

        Assert.Equal([ReferencesToDeletedRows], Problems(report));
        var example = Assert.Single(Finding(report, ReferencesToDeletedRows).Examples);
        Assert.StartsWith("contacts ", example);
        Assert.Contains("→ deleted companies ", example);
    }

    [Fact]
    public async Task Deal_with_participants_but_no_company_is_reported_until_its_company_makes_one_primary()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId);
        var pipelineId = await session.ScalarAsync<Guid>("SELECT id FROM pipelines WHERE tenant_id = @t AND is_default", ("t", tenantId));
        var stageId = await session.ScalarAsync<Guid>("SELECT id FROM pipeline_stages WHERE pipeline_id = @p AND position = 0", ("p", pipelineId));
        var companyId = await session.ScalarAsync<Guid>("INSERT INTO companies (name) VALUES ('Globex') RETURNING id");
        var dealId = await session.ScalarAsync<Guid>("""
            INSERT INTO deals (title, pipeline_id, stage_id, value, currency, probability, rank)
            VALUES ('Globex renewal', @p, @s, 1000, 'USD', 10, 'zzzz') RETURNING id
            """, ("p", pipelineId), ("s", stageId));
        // The database lets a deal with no company have participants (the app asks for the company first): only this check sees it.
        await session.ExecuteAsync("INSERT INTO deal_participants (deal_id, company_id, role, is_primary) VALUES (@d, @c, 'customer', false)",
            ("d", dealId), ("c", companyId));

        var before = await CheckAsync(database);
        // The deal's company becomes its primary customer: here the customer already on the deal is made primary.
        await session.ExecuteAsync("UPDATE deals SET company_id = @c WHERE id = @d", ("d", dealId), ("c", companyId));
        var after = await CheckAsync(database);

        Assert.Equal([DealsWithoutPrimaryCustomer], Problems(before));
        Assert.Equal([$"Globex renewal ({dealId})"], Finding(before, DealsWithoutPrimaryCustomer).Examples);
        Assert.True(after.Ok);
        Assert.True(await session.ScalarAsync<bool>("SELECT is_primary FROM deal_participants WHERE deal_id = @d", ("d", dealId)));
    }

    [Fact]
    public async Task Foreign_key_counts_as_indexed_only_when_an_index_leads_with_its_columns()
    {
        await using var database = await NewDatabaseAsync();
        await PostgresCluster.ExecuteAsync(database.OwnerConnectionString, """
            CREATE TABLE call_notes (id int PRIMARY KEY, tenant_id uuid REFERENCES tenants (id), written_at timestamptz);
            CREATE INDEX ix_call_notes_written_at_tenant_id ON call_notes (written_at, tenant_id);
            """);

        var unindexed = Finding(await CheckAsync(database), UnindexedForeignKeys);
        await PostgresCluster.ExecuteAsync(database.OwnerConnectionString,
            "CREATE INDEX ix_call_notes_tenant_id_written_at ON call_notes (tenant_id, written_at)");
        var indexed = Finding(await CheckAsync(database), UnindexedForeignKeys);

        Assert.Equal(1, unindexed.Count);
        Assert.Equal(["call_notes (tenant_id)"], unindexed.Examples);
        Assert.True(indexed.Ok);
    }

    [Fact]
    public async Task Table_is_reported_until_row_level_security_is_enabled_and_forced()
    {
        await using var database = await NewDatabaseAsync();
        var owner = database.OwnerConnectionString;
        await PostgresCluster.ExecuteAsync(owner, "CREATE TABLE call_notes (id int PRIMARY KEY)");

        var disabled = Finding(await CheckAsync(database), TablesWithoutRowLevelSecurity);
        await PostgresCluster.ExecuteAsync(owner, "ALTER TABLE call_notes ENABLE ROW LEVEL SECURITY");
        var notForced = Finding(await CheckAsync(database), TablesWithoutRowLevelSecurity);
        await PostgresCluster.ExecuteAsync(owner, "ALTER TABLE call_notes FORCE ROW LEVEL SECURITY");
        var forced = Finding(await CheckAsync(database), TablesWithoutRowLevelSecurity);

        Assert.Equal(["call_notes (disabled)"], disabled.Examples);
        Assert.Equal(["call_notes (not forced)"], notForced.Examples);
        Assert.True(forced.Ok);
    }

    [Fact]
    public async Task Database_behind_on_migrations_reports_them_and_the_checks_it_cannot_run()
    {
        await using var database = await NewDatabaseAsync();
        await PostgresCluster.MigrateAsync(database.OwnerConnectionString, "Foundation");

        var report = await CheckAsync(database);

        var pending = Finding(report, PendingMigrations);
        Assert.NotEqual(0, pending.Count);
        Assert.EndsWith("_Schema", pending.Examples[0]);
        Assert.Contains("does not exist", Finding(report, DealsInForeignStage).Error);
        Assert.False(report.Ok);
    }

    [Fact]
    public async Task Runtime_role_is_refused_because_it_would_see_no_tenant()
    {
        await using var database = await NewDatabaseAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CheckAsync(database, database.AppConnectionString));

        Assert.Contains("schema owner", error.Message);
    }
}
