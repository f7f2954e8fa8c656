namespace CrmBlazor.Tenancy;

/// <summary>Fixes the request's tenant context from the signed-in user, after authentication ran.</summary>
public sealed class TenantContextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        tenant.Use(TenantSnapshot.Of(context.User));
        return next(context);
    }
}
