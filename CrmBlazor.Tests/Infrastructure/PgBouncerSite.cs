namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A class fixture for the drill that stops and starts PgBouncer: PgBouncer of its own (transaction mode) in front
/// of a database with the demo tenant, and the app on Kestrel going through it as <c>./crm run --nodes</c> runs a
/// node: all but its LISTEN connection (ConnectionStrings:CrmListen goes straight to PostgreSQL).
/// </summary>
public sealed class PgBouncerSite(PostgresCluster cluster) : IAsyncLifetime
{
    public CrmDatabase Database { get; } = new(cluster);
    public PgBouncer Bouncer { get; } = new(cluster);
    public CrmAppFactory App { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await Bouncer.InitializeAsync();
        if (Bouncer.NotRunning is not null) return;
        App = new CrmAppFactory(Bouncer.ConnectionString(Database.Name, "crm_app"),
            settings: new Dictionary<string, string> { ["ConnectionStrings:CrmListen"] = Database.AppConnectionString });
        BaseUrl = App.StartKestrel();
        await App.SeedDemoAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        await Bouncer.DisposeAsync();
        await Database.DisposeAsync();
    }
}
