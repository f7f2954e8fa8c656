namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// Database tests on one raw session as the runtime role (so row-level security applies), acting as
/// the Owner of a tenant made for each test.
/// </summary>
public abstract class TenantSessionTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    protected DbSession Session { get; private set; } = default!;
    protected TestTenant Tenant { get; private set; } = default!;

    /// <summary>The class's database: for a second session, such as the owner's.</summary>
    protected CrmDatabase Database => database;

    public virtual async ValueTask InitializeAsync()
    {
        Session = await DbSession.OpenAsync(database.AppConnectionString);
        Tenant = await Session.CreateTenantAsync();
    }

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
