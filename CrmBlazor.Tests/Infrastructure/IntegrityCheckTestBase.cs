using CrmBlazor.Data;
using CrmBlazor.Setup;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// For tests of <c>./crm db check</c>'s rules: each test gets a database of its own, corrupts it as the
/// schema owner (who can do what crm_app is refused), and runs the check as the command does.
/// </summary>
public abstract class IntegrityCheckTestBase(PostgresCluster cluster)
{
    protected async Task<CrmDatabase> NewDatabaseAsync()
    {
        var database = new CrmDatabase(cluster);
        await database.InitializeAsync();
        return database;
    }

    /// <summary>Seeds the demo tenant as the app does and returns its id.</summary>
    protected static async Task<Guid> SeedDemoAsync(CrmDatabase database)
    {
        await using (var app = new CrmAppFactory(database.AppConnectionString))
            await app.SeedDemoAsync();
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString);
        return await session.ScalarAsync<Guid>("SELECT tenant_id FROM crm_find_user_for_sign_in('DEMO@CRM.LOCAL')");
    }

    /// <summary>Runs the check as ./crm db check does: the schema owner (unless told otherwise), no tenant set.</summary>
    protected static async Task<IntegrityReport> CheckAsync(CrmDatabase database, string? connectionString = null)
    {
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString ?? database.OwnerConnectionString).Build();
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        DataRegistration.Configure(options, dataSource);
        await using var db = new CrmDbContext(options.Options);
        return await IntegrityCheck.RunAsync(db, TestContext.Current.CancellationToken);
    }

    protected static IntegrityFinding Finding(IntegrityReport report, string name) => Assert.Single(report.Checks, c => c.Name == name);

    protected static string[] Problems(IntegrityReport report) => report.Checks.Where(c => !c.Ok).Select(c => c.Name).ToArray();
}
