namespace CrmBlazor.Tenancy;

/// <summary>
/// Service scopes that act for a given snapshot from the start: for work that learns whom it acts
/// for by itself (a sign-in from the email, background work from its job, an API call from its key)
/// rather than from a signed-in request or circuit. Everything resolved in such a scope (a
/// UserManager, the scoped context Identity's stores use, any service) acts for that snapshot.
/// </summary>
public sealed class TenantScopes(IServiceScopeFactory scopes)
{
    public AsyncServiceScope Begin(TenantSnapshot actingFor)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(actingFor);
        return scope;
    }
}
