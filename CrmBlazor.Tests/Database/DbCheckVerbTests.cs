using System.Text.Json;
using CrmBlazor.Setup;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>The app's <c>db-check</c> verb as ./crm runs it: a separate process, as the schema owner.</summary>
public sealed class DbCheckVerbTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task Json_report_is_all_of_stdout_and_a_problem_makes_the_exit_code_1()
    {
        var clean = await RunAsync("db-check", "--json");
        await PostgresCluster.ExecuteAsync(database.OwnerConnectionString, "CREATE TABLE call_notes (id int PRIMARY KEY)");
        var broken = await RunAsync("db-check", "--json");

        Assert.Equal(0, clean.ExitCode);
        using (var json = JsonDocument.Parse(clean.Stdout))
            Assert.True(json.RootElement.GetProperty("ok").GetBoolean());

        Assert.Equal(1, broken.ExitCode);
        using var report = JsonDocument.Parse(broken.Stdout);
        Assert.False(report.RootElement.GetProperty("ok").GetBoolean());
        var rls = report.RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == IntegrityCheck.TablesWithoutRowLevelSecurity);
        Assert.False(rls.GetProperty("ok").GetBoolean());
        Assert.Equal(1, rls.GetProperty("count").GetInt64());
        Assert.Equal("call_notes (disabled)", rls.GetProperty("examples")[0].GetString());
        Assert.NotEqual(0, report.RootElement.GetProperty("sizes").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_option_fails_with_exit_code_1()
    {
        var result = await RunAsync("db-check", "--xml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown option '--xml'", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        AppProcess.RunVerbAsync(database.OwnerConnectionString, args);
}
