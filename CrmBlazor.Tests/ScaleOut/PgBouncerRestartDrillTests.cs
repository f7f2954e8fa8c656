using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.ScaleOut;

/// <summary>Fault drill: the app's PgBouncer killed and started again under a load of writers.</summary>
public sealed class PgBouncerRestartDrillTests(PgBouncerSite site, Chromium chromium) : IClassFixture<PgBouncerSite>
{
    [Fact]
    public async Task PgBouncer_restarted_under_load_shows_the_outage_recovers_by_itself_and_loses_or_doubles_no_write()
    {
        Assert.SkipWhen(site.Bouncer.NotRunning is not null, site.Bouncer.NotRunning ?? "");
        await OutageDrill.RunAsync(site.App, site.BaseUrl, site.Database.SuperuserConnectionString, chromium,
            site.Bouncer.StopAsync, site.Bouncer.StartAsync);
    }
}
