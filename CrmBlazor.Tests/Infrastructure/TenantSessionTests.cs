namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// Database tests on one raw session as the runtime role (so row-level security applies), acting as
/// the Owner of a tenant made for each test.
/// </summary>
public abstract class TenantSessionTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    protected DbSession Session { get; private set; } = default!;
    protected TestTenant Tenant { get; private set; } = default!;

    public virtual async ValueTask InitializeAsync()
    {
        Session = await DbSession.OpenAsync(database.AppConnectionString);
        Tenant = await Session.CreateTenantAsync();
    }

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
