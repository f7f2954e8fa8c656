using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// <c>./crm db backup</c>, <c>verify-backup</c> and <c>restore</c> (from a dump and to a point in time),
/// run as the script runs them, on a cluster of their own. The tables' contents are compared by a query
/// of the test's own, not the script's manifest.
/// </summary>
public sealed class BackupTests(BackupCluster cluster) : IClassFixture<BackupCluster>
{
    [Fact]
    public async Task Backup_then_wipe_then_restore_gives_identical_row_counts_and_content_for_every_table()
    {
        var tenant = await SeedTenantAsync(contacts: 7);
        var before = await TableContentsAsync("crm");
        var file = Path.Combine(cluster.DataDirectory, "wipe-test.dump");

        var backup = await cluster.CrmAsync("db", "backup", file);
        Assert.True(backup.ExitCode == 0, backup.Stdout + backup.Stderr);
        await WipeEveryTableAsync();
        Assert.Equal(0L, await cluster.ScalarAsync<long>(cluster.OwnerConnectionString(), "SELECT count(*) FROM contacts"));
        var restore = await cluster.CrmAsync("db", "restore", file);

        Assert.True(restore.ExitCode == 0, restore.Stdout + restore.Stderr);
        var after = await TableContentsAsync("crm");
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, table => Assert.Equal(table, new KeyValuePair<string, string>(table.Key, after[table.Key])));
        Assert.False(before["contacts"].StartsWith("0 rows"), "the test must back up some contacts");
        // The wiped database is kept beside it, and the restore is on record in the restored one.
        var kept = await cluster.ScalarAsync<string>(cluster.OwnerConnectionString("postgres"),
            "SELECT datname FROM pg_database WHERE datname LIKE 'crm\\_before\\_restore\\_%' ORDER BY datname DESC LIMIT 1");
        Assert.Equal(0L, await cluster.ScalarAsync<long>(cluster.OwnerConnectionString(kept), "SELECT count(*) FROM contacts"));
        Assert.Equal(1L, await cluster.ScalarAsync<long>(cluster.OwnerConnectionString(),
            "SELECT count(*) FROM maintenance_runs WHERE kind = 'restore' AND succeeded AND detail LIKE 'wipe-test.dump restored%'"));
        // The app's role works in the restored database: its grants and row-level security came back.
        await using var app = await DbSession.OpenAsync(cluster.AppConnectionString, tenant.Id, tenant.OwnerId);
        Assert.Equal(7L, await app.ScalarAsync<long>("SELECT count(*) FROM contacts"));
        await app.ActAsAsync(Guid.NewGuid());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM contacts"));
    }

    [Fact]
    public async Task Verify_backup_and_restore_refuse_a_dump_that_does_not_match_its_manifest()
    {
        var tenant = await SeedTenantAsync(contacts: 3);
        var file = Path.Combine(cluster.DataDirectory, "tamper-test.dump");
        var other = Path.Combine(cluster.DataDirectory, "tamper-test-later.dump");
        Assert.Equal(0, (await cluster.CrmAsync("db", "backup", file)).ExitCode);
        var verified = await cluster.CrmAsync("db", "verify-backup", file);
        // A later dump, with one contact renamed, put where the first one was: its manifest no longer describes it.
        await using (var app = await DbSession.OpenAsync(cluster.AppConnectionString, tenant.Id, tenant.OwnerId))
            await app.ExecuteAsync("UPDATE contacts SET first_name = 'Grace' WHERE email = 'person0@example.test'");
        Assert.Equal(0, (await cluster.CrmAsync("db", "backup", other)).ExitCode);
        File.Copy(other, file, overwrite: true);

        var tampered = await cluster.CrmAsync("db", "verify-backup", file);
        var restore = await cluster.CrmAsync("db", "restore", file);

        Assert.True(verified.ExitCode == 0, verified.Stdout + verified.Stderr);
        Assert.Contains("Verified: tamper-test.dump", verified.Stdout);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("  contacts: same row count (", tampered.Stdout);
        Assert.DoesNotContain("  tags:", tampered.Stdout);
        Assert.Contains("NOT verified: tamper-test.dump", tampered.Stdout);
        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains("nothing was switched", restore.Stderr);
        var owner = cluster.OwnerConnectionString();
        Assert.Equal(1L, await cluster.ScalarAsync<long>(owner, "SELECT count(*) FROM contacts WHERE first_name = 'Grace'"));
        Assert.Equal(0L, await cluster.ScalarAsync<long>(owner,
            "SELECT count(*) FROM pg_database WHERE datname LIKE 'crm\\_verify\\_%' OR datname LIKE 'crm\\_restore\\_%'"));
        Assert.Equal("t f f", await cluster.ScalarAsync<string>(owner, """
            SELECT string_agg(CASE WHEN succeeded THEN 't' ELSE 'f' END, ' ' ORDER BY id) FROM maintenance_runs
            WHERE kind IN ('verify_backup', 'restore') AND detail LIKE 'tamper-test.dump%'
            """));
    }

    [Fact]
    public async Task Point_in_time_restore_recovers_rows_deleted_after_the_time_and_not_those_deleted_before()
    {
        var tenant = await SeedTenantAsync(contacts: 0);
        await using (var app = await DbSession.OpenAsync(cluster.AppConnectionString, tenant.Id, tenant.OwnerId))
        {
            await app.AddTagAsync("deleted before");
            await app.AddTagAsync("deleted after");
        }
        Assert.Equal(0, (await cluster.CrmAsync("db", "backup", Path.Combine(cluster.DataDirectory, "pitr-test.dump"))).ExitCode);
        DateTime target;
        await using (var app = await DbSession.OpenAsync(cluster.AppConnectionString, tenant.Id, tenant.OwnerId))
        {
            // pgBackRest records a backup's stop time in whole seconds and picks one that stopped strictly before
            // the target's second: the test's changes start once the server's clock has left the backup's second.
            await app.ExecuteAsync("""
                DO $$
                DECLARE backup_second timestamptz := date_trunc('second', clock_timestamp());
                BEGIN
                    WHILE clock_timestamp() < backup_second + interval '1 second' LOOP
                        PERFORM pg_sleep(0.05);
                    END LOOP;
                END $$
                """);
            await app.ExecuteAsync("DELETE FROM tags WHERE name = 'deleted before'");
            // The server's clock, after the first delete committed and before the second one began.
            target = await app.ScalarAsync<DateTime>("SELECT clock_timestamp() AT TIME ZONE 'UTC'");
            await app.ExecuteAsync("DELETE FROM tags WHERE name = 'deleted after'");
        }

        var restore = await cluster.CrmAsync("db", "restore", "--to", target.ToString("yyyy-MM-dd HH:mm:ss.ffffff"));

        Assert.True(restore.ExitCode == 0, restore.Stdout + restore.Stderr);
        Assert.Contains("Restored the local cluster to", restore.Stdout);
        await using var after = await DbSession.OpenAsync(cluster.AppConnectionString, tenant.Id, tenant.OwnerId);
        Assert.Equal("deleted after", await after.ScalarAsync<string>("SELECT string_agg(name, ', ') FROM tags WHERE name LIKE 'deleted %'"));
        Assert.Equal(1L, await after.ScalarAsync<long>(
            "SELECT count(*) FROM maintenance_runs WHERE kind = 'restore' AND succeeded AND detail LIKE 'point-in-time restore%'"));
    }

    private async Task<TestTenant> SeedTenantAsync(int contacts)
    {
        await using var app = await DbSession.OpenAsync(cluster.AppConnectionString);
        var tenant = await app.CreateTenantAsync("Backup test");
        var company = await app.AddCompanyAsync();
        await app.AddTagAsync();
        await app.AddPipelineAsync();
        for (var i = 0; i < contacts; i++)
            await app.AddContactAsync(companyId: company, email: $"person{i}@example.test");
        return tenant;
    }

    /// <summary>
    /// Every table's row count and an md5 of all its rows as text, in text order, read as the owner
    /// (which sees every tenant's rows); plus one entry of owners, grants and row-level security.
    /// maintenance_runs leaves out restores, which a restore records after it switched.
    /// </summary>
    private async Task<Dictionary<string, string>> TableContentsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(cluster.OwnerConnectionString(database));
        await connection.OpenAsync();
        await using (var settings = new NpgsqlCommand("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3", connection))
            await settings.ExecuteNonQueryAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var contents = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            var filter = table == "maintenance_runs" ? "WHERE kind <> 'restore'" : "";
            await using var query = new NpgsqlCommand($"""
                SELECT count(*) || ' rows ' || md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), ''))
                FROM "{table}" t {filter}
                """, connection);
            contents[table] = (string)(await query.ExecuteScalarAsync())!;
        }
        await using var catalog = new NpgsqlCommand("""
            SELECT string_agg(format('%s %s %s %s %s', relname, relowner::regrole,
                                     coalesce(relacl, acldefault(CASE relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", relowner)),
                                     relrowsecurity, relforcerowsecurity), E'\n' ORDER BY relname)
            FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S', 'v')
            """, connection);
        contents["(owners, grants, row-level security)"] = (string)(await catalog.ExecuteScalarAsync())!;
        return contents;
    }

    private Task WipeEveryTableAsync() => PostgresCluster.ExecuteAsync(cluster.OwnerConnectionString(), """
        DO $$ BEGIN
          EXECUTE (SELECT 'TRUNCATE ' || string_agg(c.oid::regclass::text, ', ') || ' CASCADE'
                   FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p'));
        END $$
        """);
}
