using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// What the catalog says about row-level security, read as the runtime role: every tenant table has
/// it switched on and forced, and crm_app has no way around it.
/// </summary>
public sealed class RowLevelSecurityCatalogTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private static readonly string[] TenantTableNames = [.. TenantIsolationTests.TenantTables.Select(t => t.Table).Order()];

    private async Task<List<T>> ListAsync<T>(DbSession session, string sql, Func<Npgsql.NpgsqlDataReader, T> read)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, session.Connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) rows.Add(read(reader));
        return rows;
    }

    [Fact]
    public async Task Every_table_with_tenant_rows_has_row_level_security_enabled_and_forced()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var tables = await ListAsync(session, """
            select c.relname, c.relrowsecurity, c.relforcerowsecurity
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p')
              and (c.relname = 'tenants' or exists (
                  select from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
            order by c.relname
            """, r => (Name: r.GetString(0), Enabled: r.GetBoolean(1), Forced: r.GetBoolean(2)));

        // The list the isolation tests fill and check is the list of tenant tables that exist.
        Assert.Equal(TenantTableNames, tables.Select(t => t.Name).Order());
        Assert.All(tables, t => Assert.True(t.Enabled && t.Forced, $"{t.Name}: enabled={t.Enabled}, forced={t.Forced}"));
    }

    [Fact]
    public async Task Every_tenant_table_filters_by_the_session_tenant_and_no_other_policy_reaches_the_runtime_role()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var policies = await ListAsync(session, """
            select tablename::text, policyname::text, roles::text[], cmd, coalesce(qual, ''), coalesce(with_check, '')
            from pg_policies where schemaname = 'public'
            """, r => (Table: r.GetString(0), Name: r.GetString(1), Roles: r.GetFieldValue<string[]>(2),
                       Command: r.GetString(3), Using: r.GetString(4), Check: r.GetString(5)));

        foreach (var (table, column) in TenantIsolationTests.TenantTables)
        {
            var isolation = Assert.Single(policies, p => p.Table == table && p.Name == "tenant_isolation");
            Assert.Equal(["public"], isolation.Roles);
            Assert.Equal("ALL", isolation.Command);
            Assert.Contains($"{column} = (NULLIF(current_setting('app.tenant_id'", isolation.Using);
            Assert.Contains($"{column} = (NULLIF(current_setting('app.tenant_id'", isolation.Check);
        }
        Assert.All(policies.Where(p => p.Name != "tenant_isolation"), p =>
        {
            Assert.DoesNotContain("public", p.Roles);
            Assert.DoesNotContain("crm_app", p.Roles);
        });
    }

    [Fact]
    public async Task The_runtime_role_is_no_superuser_cannot_bypass_row_level_security_and_owns_nothing()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        Assert.Equal("crm_app", await session.ScalarAsync<string>("select current_user::text"));
        Assert.False(await session.ScalarAsync<bool>("select rolsuper from pg_roles where rolname = current_user"));
        Assert.False(await session.ScalarAsync<bool>("select rolbypassrls from pg_roles where rolname = current_user"));
        Assert.Equal(0L, await session.ScalarAsync<long>("select count(*) from pg_class where relowner = current_user::regrole"));
        Assert.Equal(0L, await session.ScalarAsync<long>("select count(*) from pg_proc where proowner = current_user::regrole"));
        Assert.Equal(["crm_owner"], await ListAsync(session,
            "select distinct tableowner::text from pg_tables where schemaname = 'public'", r => r.GetString(0)));
    }
}
