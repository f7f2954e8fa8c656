using System.Text.RegularExpressions;

namespace CrmBlazor.Tests.Hardening;

/// <summary>
/// ./crm and its scripts never put a password on a command line, where `ps` (and /proc/PID/cmdline)
/// shows it to every user of the machine. A static scan: every process these scripts start is written
/// in them, so the places a secret could become an argument are the lines below, and a scan sees each
/// one on every run, where watching processes would only catch what one verb happens to run. The scan's
/// own rules are tested on the lines the scripts once had.
/// </summary>
public sealed partial class ScriptPasswordTests
{
    [Fact]
    public void No_script_passes_a_secret_as_an_argument()
    {
        var root = RepositoryRoot();
        var scripts = new[] { Path.Combine(root, "crm") }.Concat(Directory.GetFiles(Path.Combine(root, "scripts"), "*.sh"));

        var offences = scripts.SelectMany(path => Offences(File.ReadAllText(path)).Select(line => $"{Path.GetFileName(path)}: {line}")).ToList();

        Assert.Empty(offences);
    }

    [Theory]
    [InlineData("""  local_psql_super -v owner_pw="$CRM_OWNER_PASSWORD" <<'SQL'""")]
    [InlineData("""  "$@" -v app_pw="$CRM_APP_PASSWORD" <<'SQL'""")]
    [InlineData("""  (cd "$APP_DIR" && env ConnectionStrings__Crm="$OWNER_CONNECTION" Demo__Password="$CRM_DEMO_PASSWORD" \""" + "\n    dotnet CrmBlazor.dll \"$@\")")]
    [InlineData("""  (cd "$APP_DIR" && exec env ConnectionStrings__Crm="$OWNER_CONNECTION" \""" + "\n    Logging__X=None dotnet CrmBlazor.dll maintenance) &")]
    [InlineData("""  curl -u "admin:$ADMIN_PASSWORD" https://example.com""")]
    [InlineData("""  pg_dump "postgresql://crm_owner:$CRM_OWNER_PASSWORD@127.0.0.1/crm" """)]
    [InlineData("""  psql -c "ALTER ROLE crm_app PASSWORD '$CRM_APP_PASSWORD'" """)]
    [InlineData("""  dotnet CrmBlazor.dll --ConnectionStrings:Crm="$OWNER_CONNECTION" """)]
    [InlineData("""  openssl pkcs12 -export -passout "pass:$KEY_PASSWORD" -out x.pfx""")]
    public void The_scan_catches_a_secret_on_a_command_line(string line)
    {
        Assert.NotEmpty(Offences(line));
    }

    [Theory]
    [InlineData("""  ConnectionStrings__Crm="$(app_connection_string "$OWNER_CONNECTION")" dotnet CrmBlazor.dll --urls "$APP_URL" """)]
    [InlineData("""  (export CRM_APP_PASSWORD && "$@" <<'SQL'""")]
    [InlineData("""  out="$(PGUSER=crm_app PGPASSWORD="$CRM_APP_PASSWORD" "$PGBIN/psql" -qAtX -d "$1")" """)]
    [InlineData("""    openssl pkcs12 -export -inkey "$key" -passout "file:$DATA/keyring.pass" -out "$DATA/keyring.pfx" """)]
    public void The_scan_lets_environment_and_file_passing_through(string line)
    {
        Assert.Empty(Offences(line));
    }

    /// <summary>Logical lines (continuations joined) that hand a secret to a program as an argument.</summary>
    private static IEnumerable<string> Offences(string script) =>
        script.Replace("\\\n", " ").Split('\n')
            .Where(line => !line.TrimStart().StartsWith('#'))
            .Where(line => Rules().Any(rule => rule.IsMatch(line)))
            .Select(line => line.Trim());

    private static IEnumerable<Regex> Rules() =>
    [
        // psql -v name="$SECRET": the variable's value is an argument.
        PsqlVariable(),
        // env NAME=secret program: env(1) receives the assignment as an argument (a shell prefix assignment does not).
        EnvCommand(),
        // curl -u user:password, a URL or conninfo with a password, a password option, openssl pass:.
        CurlUser(), UrlPassword(), PasswordOption(), OpensslPass(),
        // SQL given on the command line with a password in it.
        SqlOnCommandLine(),
        // .NET configuration given as command-line arguments.
        DotnetSecretArgument(),
    ];

    [GeneratedRegex(@"-v\s+\w*(pw|pass|password|secret)\w*=", RegexOptions.IgnoreCase)]
    private static partial Regex PsqlVariable();

    [GeneratedRegex(@"(^|[\s;&|(])env\s+(-\S+\s+)*[^|;]*\b\w*(PASSWORD|Password|SECRET|Secret|ConnectionStrings__)\w*=", RegexOptions.None)]
    private static partial Regex EnvCommand();

    [GeneratedRegex(@"\bcurl\b.*\s(-u|--user)\s", RegexOptions.None)]
    private static partial Regex CurlUser();

    [GeneratedRegex(@"://[^\s:/@""']+:[^\s@""']+@", RegexOptions.None)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"\s--?(password|passwd|pwd)[=\s]", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordOption();

    [GeneratedRegex(@"-pass(in|out)\s+""?pass:", RegexOptions.None)]
    private static partial Regex OpensslPass();

    [GeneratedRegex(@"\s-c\s+.*PASSWORD\s+'\$", RegexOptions.IgnoreCase)]
    private static partial Regex SqlOnCommandLine();

    [GeneratedRegex(@"\bdotnet\b.*\s--?\S*(ConnectionStrings|Password|Secret)\S*[=\s]", RegexOptions.IgnoreCase)]
    private static partial Regex DotnetSecretArgument();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "crm")) && File.Exists(Path.Combine(dir.FullName, "CrmBlazor.sln")))
                return dir.FullName;
        throw new InvalidOperationException("The repository root (with ./crm) was not found above the test build.");
    }
}
