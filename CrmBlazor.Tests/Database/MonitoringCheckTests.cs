using CrmBlazor.Tests.Infrastructure;
using static CrmBlazor.Setup.IntegrityCheck;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// db check's monitoring: tables without a primary key and duplicate indexes are problems; unused indexes
/// and slow statements are listed for information and never fail the check.
/// </summary>
public sealed class MonitoringCheckTests(PostgresCluster cluster) : IntegrityCheckTestBase(cluster)
{
    [Fact]
    public async Task A_table_without_a_primary_key_is_reported()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);
        await using (var owner = await DbSession.OpenAsync(database.OwnerConnectionString))
        {
            // Row-level security on, as a tenant table needs, so that only the missing key is wrong.
            await owner.ExecuteAsync("""
                CREATE TABLE call_notes (tenant_id uuid NOT NULL, note text);
                ALTER TABLE call_notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
                """);
        }

        var report = await CheckAsync(database);

        Assert.Equal([TablesWithoutPrimaryKey], Problems(report));
        var finding = Finding(report, TablesWithoutPrimaryKey);
        Assert.Equal(1, finding.Count);
        Assert.Equal(["call_notes"], finding.Examples);
    }

    [Fact]
    public async Task An_index_on_the_same_keys_as_another_is_reported_but_one_with_another_predicate_or_method_is_not()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);
        await using (var owner = await DbSession.OpenAsync(database.OwnerConnectionString))
        {
            await owner.ExecuteAsync("""
                CREATE INDEX ix_contacts_by_company_again ON contacts (tenant_id, company_id);
                CREATE INDEX ix_contacts_live_by_company ON contacts (tenant_id, company_id) WHERE deleted_at IS NULL;
                CREATE INDEX ix_contacts_company_hash ON contacts USING hash (company_id);
                CREATE INDEX ix_contacts_by_company_desc ON contacts (tenant_id, company_id DESC);
                """);
        }

        var report = await CheckAsync(database);

        Assert.Equal([DuplicateIndexes], Problems(report));
        var finding = Finding(report, DuplicateIndexes);
        Assert.Equal(1, finding.Count);
        Assert.Equal(["contacts: ix_contacts_by_company_again = ix_contacts_tenant_id_company_id, btree (tenant_id, company_id)"], finding.Examples);
    }

    [Fact]
    public async Task Unused_indexes_and_slow_statements_are_listed_without_failing_the_check()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);
        await using (var superuser = await DbSession.OpenAsync(database.SuperuserConnectionString))
        {
            await superuser.ExecuteAsync("CREATE EXTENSION pg_stat_statements");
            // The seeding's statements (other roles', so "<insufficient privilege>" to the check) can outlast the sleeper
            // on a loaded machine and fill the list: this database's statistics start from the sleeper.
            await superuser.ExecuteAsync("SELECT pg_stat_statements_reset(0, oid, 0) FROM pg_database WHERE datname = current_database()");
        }
        await using (var owner = await DbSession.OpenAsync(database.OwnerConnectionString))
            await owner.ExecuteAsync("SELECT count(*) FROM contacts c JOIN companies co ON co.id = c.company_id, pg_sleep(0.05)");

        var report = await CheckAsync(database);

        Assert.True(report.Ok, string.Join(", ", Problems(report)));
        var monitoring = Assert.IsType<Setup.MonitoringReport>(report.Monitoring);
        // A fresh database has read few of its indexes; unique ones enforce a rule and are never listed.
        Assert.NotEmpty(monitoring.UnusedIndexes);
        Assert.DoesNotContain(monitoring.UnusedIndexes, i => i.Index.StartsWith("pk_") || i.Index.StartsWith("ux_"));
        Assert.Null(monitoring.SlowStatementsUnavailable);
        var sleeper = Assert.Single(monitoring.SlowStatements, s => s.Query.Contains("pg_sleep"));
        Assert.True(sleeper.MeanMs >= 50, $"mean {sleeper.MeanMs} ms");
        Assert.Equal(1, sleeper.Calls);
        var text = report.ToText();
        Assert.Contains("Unused indexes (information only", text);
        Assert.Contains("Slowest statements by mean time (information only", text);
        Assert.Contains("pg_sleep", text);
        Assert.Contains("\"unusedIndexes\"", report.ToJson());
        Assert.Contains("\"slowStatements\"", report.ToJson());
    }

    [Fact]
    public async Task Without_the_extension_slow_statements_are_said_to_be_not_available()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);

        var report = await CheckAsync(database);

        Assert.True(report.Ok, string.Join(", ", Problems(report)));
        var monitoring = Assert.IsType<Setup.MonitoringReport>(report.Monitoring);
        Assert.Empty(monitoring.SlowStatements);
        Assert.Equal("not available: the pg_stat_statements extension is not installed in this database", monitoring.SlowStatementsUnavailable);
        Assert.Contains("not available: the pg_stat_statements extension is not installed", report.ToText());
    }
}
