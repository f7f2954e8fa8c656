using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.ScaleOut;

/// <summary>Fault drill: PostgreSQL stopped (fast: sessions ended) and started again under a load of writers.</summary>
public sealed class DatabaseRestartDrillTests(OwnClusterSite site, Chromium chromium) : IClassFixture<OwnClusterSite>
{
    [Fact]
    public async Task PostgreSQL_restarted_under_load_shows_the_outage_recovers_by_itself_and_loses_or_doubles_no_write()
    {
        Assert.SkipWhen(!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ConnectionStrings__Crm")),
            "ConnectionStrings__Crm names a server of its own: the drill stops and starts only a local cluster.");
        await OutageDrill.RunAsync(site.App, site.BaseUrl, site.Database.SuperuserConnectionString, chromium,
            site.Cluster.StopServerAsync, site.Cluster.StartServerAsync);
    }
}
