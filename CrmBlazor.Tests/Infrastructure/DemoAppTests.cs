namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A test class against the real app, connected as the runtime role to the class's own database
/// (cloned from the migrated template), with the demo tenant seeded once for the class.
/// </summary>
public abstract class DemoAppTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    protected CrmDatabase Database => database;

    protected CrmAppFactory App { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        App = new CrmAppFactory(database.AppConnectionString);
        await App.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
