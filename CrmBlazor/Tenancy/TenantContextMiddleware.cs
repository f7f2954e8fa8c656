namespace CrmBlazor.Tenancy;

/// <summary>Fills the request's tenant context from the signed-in user, after authentication ran.</summary>
public sealed class TenantContextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        tenant.SetFrom(context.User);
        return next(context);
    }
}
