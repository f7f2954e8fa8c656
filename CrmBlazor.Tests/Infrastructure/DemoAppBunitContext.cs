using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// bUnit against the real app's services on a test database seeded with the demo tenant. Components
/// rendered after <see cref="ActAsAsync"/> resolve their services as that demo user would in a circuit.
/// </summary>
/// <param name="actingAs">A demo user to act as from the start, or null when each test chooses its own.</param>
public abstract class DemoAppBunitContext(CrmDatabase database, string? actingAs = null)
    : CrmBunitContext, IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private AsyncServiceScope? scope;

    protected CrmAppFactory App { get; private set; } = default!;

    /// <summary>The services of the user acted as, the same ones the rendered components get.</summary>
    protected IServiceProvider ActingServices => scope?.ServiceProvider
        ?? throw new InvalidOperationException("Act as a demo user first.");

    public async ValueTask InitializeAsync()
    {
        App = new CrmAppFactory(database.AppConnectionString);
        await App.SeedDemoAsync();
        if (actingAs is not null) await ActAsAsync(actingAs);
    }

    /// <summary>From now on components get their services from a scope acting as <paramref name="email"/>.</summary>
    protected async Task ActAsAsync(string email)
    {
        scope = await DemoTenant.ActAsAsync(App, email);
        Services.AddFallbackServiceProvider(scope.Value.ServiceProvider);
    }

    public new async ValueTask DisposeAsync()
    {
        if (scope is { } acting) await acting.DisposeAsync();
        await App.DisposeAsync();
        await base.DisposeAsync();
    }
}
