using System.Diagnostics;

namespace CrmBlazor.Tests.Hardening;

/// <summary>
/// `./crm test` first runs `dotnet list package --vulnerable --include-transitive` and stops on any
/// package it reports (scripts/packages.sh). The local NuGet feed serves no vulnerability data, so the
/// check is tested on a report as nuget.org's data would produce it.
/// </summary>
public sealed class VulnerablePackageCheckTests
{
    private const string VulnerableReport = """
        {
          "version": 1,
          "parameters": "--vulnerable --include-transitive",
          "sources": ["https://api.nuget.org/v3/index.json"],
          "projects": [
            {
              "path": "/src/CrmBlazor.csproj",
              "frameworks": [
                {
                  "framework": "net10.0",
                  "transitivePackages": [
                    {
                      "id": "System.Formats.Asn1",
                      "resolvedVersion": "5.0.0",
                      "vulnerabilities": [ { "severity": "High", "advisoryurl": "https://github.com/advisories/GHSA-447r-wph3-92pm" } ]
                    }
                  ]
                }
              ]
            }
          ]
        }
        """;

    private const string CleanReport = """
        {
          "version": 1,
          "parameters": "--vulnerable --include-transitive",
          "sources": ["https://api.nuget.org/v3/index.json"],
          "projects": [ { "path": "/src/CrmBlazor.csproj" }, { "path": "/src/CrmBlazor.Tests/CrmBlazor.Tests.csproj" } ]
        }
        """;

    [Fact]
    public async Task A_reported_vulnerable_package_fails_the_check_and_is_named()
    {
        var (exitCode, output) = await CheckAsync(VulnerableReport);

        Assert.Equal(1, exitCode);
        Assert.Contains("System.Formats.Asn1 5.0.0 High", output);
    }

    [Fact]
    public async Task A_clean_report_passes()
    {
        var (exitCode, output) = await CheckAsync(CleanReport);

        Assert.Equal(0, exitCode);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public void The_test_verb_runs_the_check_before_the_tests()
    {
        var crm = File.ReadAllText(Path.Combine(RepositoryRoot(), "crm"));
        var testVerb = crm[crm.IndexOf("cmd_test() {", StringComparison.Ordinal)..];

        Assert.True(testVerb.IndexOf("check_vulnerable_packages", StringComparison.Ordinal) is > 0 and var check
            && check < testVerb.IndexOf("dotnet test", StringComparison.Ordinal));
        Assert.Contains("package --vulnerable --include-transitive", File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "packages.sh")));
    }

    private static async Task<(int ExitCode, string Output)> CheckAsync(string report)
    {
        var start = new ProcessStartInfo("bash", ["-c", ". scripts/packages.sh && vulnerable_packages_in"])
        {
            WorkingDirectory = RepositoryRoot(), RedirectStandardInput = true, RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(report);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "crm")) && File.Exists(Path.Combine(dir.FullName, "CrmBlazor.sln")))
                return dir.FullName;
        throw new InvalidOperationException("The repository root (with ./crm) was not found above the test build.");
    }
}
