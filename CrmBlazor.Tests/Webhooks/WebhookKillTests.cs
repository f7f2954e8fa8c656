using System.Diagnostics;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Webhooks;

/// <summary>
/// At least once, across a crash: the app is started as a separate process, changes are committed while
/// the receiver is down, the process is killed (SIGKILL: no shutdown code runs), and a new process with
/// the receiver up delivers every event. The test's own app runs no dispatcher.
/// </summary>
public sealed class WebhookKillTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private CrmAppFactory app = default!;

    public async ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(database.AppConnectionString, runImportJobs: false, settings: WebhookSteps.FastSettings(runDispatcher: false));
        await app.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    /// <summary>The app as a process of its own, with the test settings, its dispatcher on.</summary>
    private Process StartNode()
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Crm"] = database.AppConnectionString,
            ["Import__RunJobs"] = "false",
            ["Security__RequireHttps"] = "false",
            ["Security__DataProtection__CertificatePath"] = TestCertificate.Path,
            ["Security__DataProtection__CertificatePassword"] = TestCertificate.Password,
            ["Webhooks__AllowPrivateAddresses"] = "true",
        };
        foreach (var (key, value) in WebhookSteps.FastSettings())
            settings[key.Replace(":", "__")] = value;
        var start = AppProcess.StartInfo(settings);
        var node = Process.Start(start)!;
        // Drain its output, so a chatty log never blocks it.
        node.OutputDataReceived += (_, _) => { };
        node.ErrorDataReceived += (_, _) => { };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        return node;
    }

    private static async Task KillAsync(Process node)
    {
        node.Kill(entireProcessTree: true);
        await node.WaitForExitAsync(Ct);
    }

    [Fact]
    public async Task Killing_the_app_between_commit_and_delivery_loses_no_event()
    {
        var port = LoopbackPort.Free();
        var (endpoint, _) = await WebhookSteps.AddEndpointAsync(app, $"http://127.0.0.1:{port}/hook", "contact.created", "contact.updated");
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);

        using (var first = StartNode())
        {
            try
            {
                for (var i = 0; i < 10; i++)
                {
                    var contact = await session.AddContactAsync();
                    await session.ExecuteAsync("update contacts set job_title = 'Engineer' where id = @id", ("id", contact));
                }
                // The node tried each one and the receiver was down.
                await WebhookSteps.WaitForCountAsync(session, "webhook_deliveries where endpoint_id = @e and attempts > 0 and status = 'pending'",
                    20, TimeSpan.FromSeconds(90), ("e", endpoint));
                Assert.False(first.HasExited, "the app process ended on its own");
            }
            finally
            {
                await KillAsync(first);
            }
        }
        var events = (await session.ListAsync<Guid>("select event_id from webhook_deliveries where endpoint_id = @e", ("e", endpoint)))
            .Select(id => id.ToString()).ToHashSet();
        Assert.Equal(20, events.Count);

        await using var receiver = await WebhookReceiver.StartAsync(port);
        using var second = StartNode();
        try
        {
            var received = await receiver.WaitForAsync(seen => events.IsSubsetOf(seen.Select(r => r.EventId)), TimeSpan.FromSeconds(90));
            Assert.True(events.SetEquals(received.Select(r => r.EventId)));
            await WebhookSteps.WaitForCountAsync(session, "webhook_deliveries where endpoint_id = @e and status = 'delivered'",
                20, TimeSpan.FromSeconds(30), ("e", endpoint));
        }
        finally
        {
            await KillAsync(second);
        }
    }
}
