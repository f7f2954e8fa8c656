using CrmBlazor.Features.Mail;
using CrmBlazor.Setup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// The real app, connected as the runtime role to one test database. <see cref="StartKestrel"/>
/// serves it on a free loopback port for the browser; otherwise it runs on the in-memory test server.
/// With <paramref name="runImportJobs"/> false it runs no import runner of its own, for tests that drive runners themselves.
/// It serves plain HTTP (Security:RequireHttps false), encrypts its key ring with <see cref="TestCertificate"/>, and
/// lets the whole suite sign in from 127.0.0.1 as often as it likes: <paramref name="settings"/> (applied last) is
/// how the rate-limit and header tests ask for low limits or HTTPS.
/// It sends mail to an SMTP sink of its own (<see cref="Mail"/>), the one <c>./crm run</c> starts, on a free port.
/// </summary>
public sealed class CrmAppFactory(
    string appConnectionString, bool runImportJobs = true, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo-password-2026";
    public const int ImportWriteBatchRows = 500;
    private const string Unlimited = "1000000";

    public string AppConnectionString => appConnectionString;

    private MailSink? mailSink;

    /// <summary>What the app mailed, as the sink caught it (started with the app).</summary>
    public MailFolder Mail => (mailSink ?? throw new InvalidOperationException("The app has not started yet.")).Folder;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Production only serves published static files; the tests run from the build output.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Crm", appConnectionString);
        builder.UseSetting("Import:RunJobs", runImportJobs.ToString());
        // Small write batches, so a test sees a job's progress (and can cancel or kill it) a few thousand rows in.
        builder.UseSetting("Import:WriteBatchRows", ImportWriteBatchRows.ToString());
        builder.UseSetting("Security:RequireHttps", "false");
        builder.UseSetting("Security:DataProtection:CertificatePath", TestCertificate.Path);
        builder.UseSetting("Security:DataProtection:CertificatePassword", TestCertificate.Password);
        foreach (var limit in new[] { "SignInPerIp", "SignInPerEmail", "RegisterPerIp", "PasswordResetPerIp" })
            builder.UseSetting($"RateLimits:{limit}:Permits", Unlimited);
        builder.UseSetting("RateLimits:InvitationsPerTenantPerDay", Unlimited);
        builder.UseSetting("RateLimits:ApiPerKey:TokenLimit", Unlimited);
        // Webhook tests send to receivers on 127.0.0.1; the SSRF tests turn this off again.
        builder.UseSetting("Webhooks:AllowPrivateAddresses", "true");

        mailSink = MailSink.StartAsync(0, Path.Combine(Path.GetTempPath(), $"crm-mail-{Guid.NewGuid():N}")).GetAwaiter().GetResult();
        builder.UseSetting("Mail:Host", "127.0.0.1");
        builder.UseSetting("Mail:Port", mailSink.Port.ToString());
        builder.UseSetting("Mail:Tls", "None");
        builder.UseSetting("Mail:SinkDirectory", mailSink.Folder.Directory);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (mailSink is null) return;
        await mailSink.DisposeAsync();
        Directory.Delete(mailSink.Folder.Directory, recursive: true);
    }

    /// <summary>Starts Kestrel on a free port and returns its base address.</summary>
    public string StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    public async Task SeedDemoAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await DemoSeeder.SeedAsync(scope.ServiceProvider, DemoPassword);
    }
}
