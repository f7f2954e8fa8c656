using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// <c>./crm db migrate</c> takes a pg_dump (with its manifest) before it changes a database that has tables:
/// when it goes to a TARGET or migrations are pending, unless told --no-backup; never for a database with no
/// tables yet, and not when there is nothing to migrate. Run as the script runs, on a cluster of its own.
/// </summary>
public sealed class MigrateBackupTests(BackupCluster cluster) : IClassFixture<BackupCluster>
{
    private string Backups => Path.Combine(cluster.DataDirectory, "backups");

    [Fact]
    public async Task Migrate_backs_up_first_whenever_it_changes_a_database_with_tables()
    {
        var latest = await MigrationAsync(0);
        var previous = await MigrationAsync(1);

        // Down one step: a TARGET always gets a backup, and the dump restores to exactly its manifest.
        var down = await cluster.CrmAsync("db", "migrate", previous);
        Assert.True(down.ExitCode == 0, down.Stdout + down.Stderr);
        var downDump = Assert.Single(Dumps());
        Assert.Contains($"Backup: {downDump} (", down.Stdout);
        Assert.True(File.Exists(downDump + ".manifest.json"));
        Assert.Matches("\"table\" *: *\"currencies\", *\"rows\" *: *[1-9]", await File.ReadAllTextAsync(downDump + ".manifest.json"));
        Assert.Equal(previous, await MigrationAsync(0));
        Assert.Contains("Row counts: every table of the backup has the rows it had before migrating", down.Stdout);
        var verified = await cluster.CrmAsync("db", "verify-backup", downDump);
        Assert.True(verified.ExitCode == 0, verified.Stdout + verified.Stderr);
        Assert.Equal(1L, await cluster.ScalarAsync<long>(cluster.OwnerConnectionString(),
            $"SELECT count(*) FROM maintenance_runs WHERE kind = 'backup' AND succeeded AND detail LIKE 'before migrating; {Path.GetFileName(downDump)},%'"));

        // Back up: a pending migration gets a backup too.
        var up = await cluster.CrmAsync("db", "migrate");
        Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
        Assert.Equal(2, Dumps().Length);
        Assert.Equal(latest, await MigrationAsync(0));
        Assert.Contains("Row counts: every table of the backup has the rows it had before migrating", up.Stdout);

        // Nothing to migrate: nothing to back up.
        var again = await cluster.CrmAsync("db", "migrate");
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Contains("No pending migrations: no backup needed, nothing to apply", again.Stderr);
        Assert.DoesNotContain("Applying migrations", again.Stderr);
        Assert.Equal(2, Dumps().Length);

        // Told not to.
        var unprotected = await cluster.CrmAsync("db", "migrate", "--no-backup", previous);
        Assert.True(unprotected.ExitCode == 0, unprotected.Stdout + unprotected.Stderr);
        Assert.Contains("Not backing up first (--no-backup)", unprotected.Stderr);
        Assert.Equal(previous, await MigrationAsync(0));
        Assert.Equal(2, Dumps().Length);

        // Down to nothing: backed up, and the tables whose rows went are named.
        Assert.Equal(0, (await cluster.CrmAsync("db", "migrate", "--no-backup")).ExitCode);
        var zero = await cluster.CrmAsync("db", "migrate", "0");
        Assert.True(zero.ExitCode == 0, zero.Stdout + zero.Stderr);
        Assert.Equal(3, Dumps().Length);
        Assert.Matches("\n  currencies: [1-9][0-9]* rows before migrating, the table is gone now\n", zero.Stdout);

        // A database with no tables has nothing to lose: it is migrated without a dump, and says so.
        var fresh = await cluster.CrmAsync("db", "migrate");
        Assert.True(fresh.ExitCode == 0, fresh.Stdout + fresh.Stderr);
        Assert.Contains("The database has no tables yet: nothing to back up", fresh.Stderr);
        Assert.Equal(3, Dumps().Length);
        Assert.Equal(latest, await MigrationAsync(0));

        var unknown = await cluster.CrmAsync("db", "migrate", "--no-bakup");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("unknown option '--no-bakup'", unknown.Stderr);
    }

    private string[] Dumps() =>
        Directory.Exists(Backups) ? Directory.GetFiles(Backups, "crm-before-migrate-*.dump").Order().ToArray() : [];

    /// <summary>The applied migration <paramref name="back"/> steps before the last one.</summary>
    private Task<string> MigrationAsync(int back) => cluster.ScalarAsync<string>(cluster.OwnerConnectionString(),
        $"SELECT migration_id FROM \"__EFMigrationsHistory\" ORDER BY 1 DESC OFFSET {back} LIMIT 1");
}
