using System.Net;
using CrmBlazor.Tests.Database;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// /health/live says the process answers, /health/ready that it should get traffic: the database answers, no
/// migration of this build is pending, and it is not shutting down. Neither needs a sign-in or counts against a limit.
/// </summary>
public sealed class HealthProbeTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    // Nothing listens here: the database is "stopped".
    private const string UnreachableDatabase = "Host=127.0.0.1;Port=1;Database=crm;Username=crm_app;Timeout=2";

    [Fact]
    public async Task Live_and_ready_are_200_on_a_migrated_database_without_signing_in()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/live")).Status);
        var ready = await GetAsync(client, "/health/ready");
        Assert.Equal((HttpStatusCode.OK, "Healthy\n"), ready);
    }

    [Fact]
    public async Task Live_is_200_and_ready_503_when_the_database_is_unreachable()
    {
        await using var app = new CrmAppFactory(UnreachableDatabase);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/live")).Status);
        var ready = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("database: The database is unreachable.", ready.Body);
    }

    [Fact]
    public async Task Ready_is_503_while_a_migration_of_this_build_is_pending()
    {
        var name = await database.Cluster.CreateDatabaseAsync();
        try
        {
            await PostgresCluster.MigrateAsync(database.Cluster.ConnectionString(name, "crm_owner"), MillionContacts.PreviousMigration);
            await using var app = new CrmAppFactory(database.Cluster.ConnectionString(name, "crm_app"));
            var client = app.CreateClient();

            var ready = await GetAsync(client, "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
            // Every migration from the one after PreviousMigration on is pending, however many later ones there are.
            Assert.Matches(@"migrations: [1-9]\d* migration\(s\) pending, first \d+_ContactListByEmailIndex", ready.Body);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health")).Status);

            await PostgresCluster.MigrateAsync(database.Cluster.ConnectionString(name, "crm_owner"));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/ready")).Status);
        }
        finally
        {
            await database.Cluster.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Ready_is_503_as_soon_as_the_app_is_told_to_stop_while_requests_are_still_served()
    {
        // Background work that takes its time to stop (as an import or webhook dispatcher may): the host is stopping,
        // and the server, stopped after it, still answers.
        var slowStop = new SlowToStop();
        await using var factory = new CrmAppFactory(database.AppConnectionString);
        await using var app = factory.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddHostedService(_ => slowStop)));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/ready")).Status);

        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await slowStop.Stopping.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var ready = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("shutdown: The app is shutting down.", ready.Body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/live")).Status);
        slowStop.Finish();
    }

    private sealed class SlowToStop : IHostedService
    {
        private readonly TaskCompletionSource stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stopping => stopping.Task;
        public void Finish() => finished.TrySetResult();
        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

        public Task StopAsync(CancellationToken ct)
        {
            stopping.TrySetResult();
            return finished.Task;
        }
    }

    [Fact]
    public async Task Probes_are_not_rate_limited()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString, settings: new Dictionary<string, string>
        {
            ["RateLimits:SignInPerIp:Permits"] = "1",
            ["RateLimits:RegisterPerIp:Permits"] = "1",
            ["RateLimits:PasswordResetPerIp:Permits"] = "1",
        });
        var client = app.CreateClient();

        foreach (var path in new[] { "/health", "/health/live", "/health/ready" })
            for (var i = 0; i < 20; i++)
                Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, path)).Status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
