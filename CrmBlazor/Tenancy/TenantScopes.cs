namespace CrmBlazor.Tenancy;

/// <summary>
/// Service scopes that act for a given snapshot from the start: for work that learns whom it acts
/// for by itself (a sign-in from the email, background work from its job, an API call from its key)
/// rather than from a signed-in request or circuit. Everything resolved in such a scope (a
/// UserManager, the scoped context Identity's stores use, any service) acts for that snapshot.
/// </summary>
public sealed class TenantScopes(IServiceScopeFactory scopes)
{
    /// <param name="origin">The request or circuit the work is done for, if any: its audit rows carry its address and agent.</param>
    public AsyncServiceScope Begin(TenantSnapshot actingFor, ClientOrigin? origin = null)
    {
        var scope = scopes.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.Use(actingFor);
        tenant.CameFrom(origin ?? ClientOrigin.Unknown);
        return scope;
    }
}
