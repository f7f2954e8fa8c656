namespace CrmBlazor.Tenancy;

/// <summary>Fixes the request's tenant context from the signed-in user, after authentication ran, and where the request comes from.</summary>
public sealed class TenantContextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        tenant.Use(TenantSnapshot.Of(context.User));
        tenant.CameFrom(ClientOrigin.Of(context));
        return next(context);
    }
}
