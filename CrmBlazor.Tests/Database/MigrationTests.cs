using System.Diagnostics;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

public sealed class MigrationTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task Migrations_round_trip_to_zero_and_back_with_an_identical_schema()
    {
        var before = await DumpSchemaAsync();

        await PostgresCluster.MigrateAsync(database.OwnerConnectionString, "0");
        var empty = await DumpSchemaAsync();
        await PostgresCluster.MigrateAsync(database.OwnerConnectionString);
        var after = await DumpSchemaAsync();

        Assert.DoesNotContain("CREATE TABLE public.users", empty);
        Assert.Contains("CREATE TABLE public.users", before);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Runtime_role_cannot_change_the_schema()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            PostgresCluster.ExecuteAsync(database.AppConnectionString, "CREATE TABLE intruder (id int)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    private async Task<string> DumpSchemaAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(database.Cluster.AdminConnectionString);
        var start = new ProcessStartInfo($"{database.Cluster.PgBinDirectory}/pg_dump",
            ["--schema-only", "--no-owner", "-h", admin.Host!, "-p", admin.Port.ToString(), "-U", admin.Username!, database.Name])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (admin.Password is { } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        // pg_dump brackets its output with a random \restrict key; it is not part of the schema.
        return string.Join('\n', output.Split('\n').Where(line => !line.StartsWith("\\restrict") && !line.StartsWith("\\unrestrict")));
    }
}
