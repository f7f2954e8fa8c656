using CrmBlazor.Tests.Infrastructure;
using static CrmBlazor.Setup.IntegrityCheck;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// db check's rules about tenants and their users. Each test plants, as the schema owner with the
/// guarding triggers off, what a bulk load could leave behind, and sees the rule count it.
/// </summary>
public sealed class IntegrityCheckTenantsTests(PostgresCluster cluster) : IntegrityCheckTestBase(cluster)
{
    [Fact]
    public async Task A_tenant_loaded_with_no_users_and_no_pipeline_is_reported_twice()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);
        var bench = Guid.NewGuid();
        await using (var session = await DbSession.OpenAsync(database.OwnerConnectionString, bench))
        {
            // As the bench loaders did on 2026-12-02: a tenant and nothing else, triggers off.
            await session.ExecuteAsync("ALTER TABLE tenants DISABLE TRIGGER USER");
            await session.ExecuteAsync("INSERT INTO tenants (id, name, slug) VALUES (@t, 'Bench A', 'bench-a')", ("t", bench));
            await session.ExecuteAsync("ALTER TABLE tenants ENABLE TRIGGER USER");
        }

        var report = await CheckAsync(database);

        Assert.Equal([TenantsWithoutOwner, TenantsWithoutDefaultPipeline], Problems(report));
        var noOwner = Finding(report, TenantsWithoutOwner);
        Assert.Equal(1, noOwner.Count);
        Assert.Equal(["bench-a"], noOwner.Examples);
        var noPipeline = Finding(report, TenantsWithoutDefaultPipeline);
        Assert.Equal(1, noPipeline.Count);
        Assert.Equal(["bench-a"], noPipeline.Examples);
        Assert.Equal(["/admin/pipelines"], noPipeline.Links!);
    }

    [Fact]
    public async Task A_tenant_whose_default_pipeline_was_unset_is_reported()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using (var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId))
        {
            await session.ExecuteAsync("ALTER TABLE pipelines DISABLE TRIGGER keep_a_default");
            Assert.Equal(1, await session.ExecuteAsync("UPDATE pipelines SET is_default = false WHERE is_default"));
            await session.ExecuteAsync("ALTER TABLE pipelines ENABLE TRIGGER keep_a_default");
        }

        var report = await CheckAsync(database);

        Assert.Equal([TenantsWithoutDefaultPipeline], Problems(report));
        Assert.Equal(["acme-demo"], Finding(report, TenantsWithoutDefaultPipeline).Examples);
    }

    [Theory]
    [InlineData("DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE normalized_email = 'SAM.CHEN@CRM.LOCAL')", 0)]
    [InlineData("""
        INSERT INTO user_roles (user_id, role_id)
        SELECT id, (SELECT id FROM roles WHERE normalized_name = 'VIEWER') FROM users WHERE normalized_email = 'SAM.CHEN@CRM.LOCAL'
        """, 2)]
    public async Task A_user_with_no_role_or_two_is_reported(string plant, int roles)
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using (var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId))
        {
            await session.ExecuteAsync("ALTER TABLE user_roles DISABLE TRIGGER user_keeps_a_role");
            await session.ExecuteAsync("DROP INDEX ux_user_roles_user_id");
            Assert.Equal(1, await session.ExecuteAsync(plant));
            await session.ExecuteAsync("ALTER TABLE user_roles ENABLE TRIGGER user_keeps_a_role");
        }

        var report = await CheckAsync(database);

        Assert.Equal([UsersWithoutOneRole], Problems(report));
        var finding = Finding(report, UsersWithoutOneRole);
        Assert.Equal(1, finding.Count);
        Assert.Equal([$"sam.chen@crm.local: {roles} roles"], finding.Examples);
    }

    [Theory]
    [InlineData("UPDATE users SET is_active = false WHERE normalized_email = 'SAM.CHEN@CRM.LOCAL'", "deactivated")]
    [InlineData("UPDATE users SET deleted_at = now() WHERE normalized_email = 'SAM.CHEN@CRM.LOCAL'", "deleted")]
    public async Task Live_records_owned_by_a_user_who_left_are_reported(string leave, string how)
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        long owned;
        await using (var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId))
        {
            const string Sam = "(SELECT id FROM users WHERE normalized_email = 'SAM.CHEN@CRM.LOCAL')";
            // A record in the trash is not counted: nobody follows it up until it is restored.
            await session.ExecuteAsync($"INSERT INTO contacts (first_name, owner_id, deleted_at) VALUES ('Trashed', {Sam}, now())");
            owned = await session.ScalarAsync<long>($"""
                SELECT (SELECT count(*) FROM contacts WHERE owner_id = {Sam} AND deleted_at IS NULL)
                     + (SELECT count(*) FROM companies WHERE owner_id = {Sam} AND deleted_at IS NULL)
                     + (SELECT count(*) FROM deals WHERE owner_id = {Sam} AND deleted_at IS NULL)
                     + (SELECT count(*) FROM activities WHERE owner_id = {Sam} AND deleted_at IS NULL)
                """);
            // Leaving does not touch the records: nothing refuses it here. Admin → Users hands them over first.
            Assert.Equal(1, await session.ExecuteAsync(leave));
        }

        var report = await CheckAsync(database);

        Assert.Equal([RowsOwnedByGoneUsers], Problems(report));
        var finding = Finding(report, RowsOwnedByGoneUsers);
        Assert.True(owned > 0);
        Assert.Equal(owned, finding.Count);
        Assert.All(finding.Examples, e => Assert.EndsWith($"→ {how} user sam.chen@crm.local", e));
    }
}
