using System.Diagnostics;
using CrmBlazor.Features.Diagnostics;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrmBlazor.Tests.CircuitState;

/// <summary>
/// What .NET 10 does with the circuits of a node that stops gracefully: it persists none of them (shutdown closes the
/// connections, and the process ends before any disconnected circuit is evicted). If this starts failing, the
/// framework has learnt to persist on shutdown: README "Circuit state across nodes" should then say so.
/// </summary>
public sealed class GracefulStopTests(CrmDatabase database, Chromium chromium) : IClassFixture<CrmDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_stopped_gracefully_persists_none_of_its_circuits()
    {
        var node = new CrmAppFactory(database.AppConnectionString);
        var url = node.StartKestrel();
        await node.SeedDemoAsync();
        var (context, page) = await chromium.NewPageAsync(url);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Owner, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        Assert.True(node.Services.GetRequiredService<OpenCircuits>().Count >= 1);

        var stopping = Stopwatch.StartNew();
        await node.DisposeAsync();

        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        Assert.Equal(0L, await owner.ScalarAsync<long>("select count(*) from cache_entries"));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(60));
    }
}
