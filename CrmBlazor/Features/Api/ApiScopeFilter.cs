using CrmBlazor.Tenancy;

namespace CrmBlazor.Features.Api;

/// <summary>
/// Refuses, with a 403 that names the missing scope, a call its key's scopes do not cover. The role
/// of the key's creator is checked after this by the services themselves (PermissionGuard).
/// </summary>
public sealed class ApiScopeFilter(ApiRecords records, ApiAccess access) : IEndpointFilter
{
    /// <summary>The scope the calls need, as keys hold it ('contacts:read'); the OpenAPI document names it too.</summary>
    public string Scope { get; } = ApiScope.Of(records, access);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var held = context.HttpContext.User.FindAll(CrmClaims.ApiScope).Select(c => c.Value);
        if (ApiScope.Allows(held, records, access)) return next(context);
        return ValueTask.FromResult<object?>(Results.Problem(
            $"This API key lacks the scope '{Scope}'. An admin can create a key with it under Admin, API keys.",
            statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            extensions: new Dictionary<string, object?> { ["requiredScope"] = Scope }));
    }
}

public static class ApiScopeFilters
{
    /// <summary>The calls of this group need <paramref name="access"/> to <paramref name="records"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiRecords records, ApiAccess access)
        where TBuilder : IEndpointConventionBuilder
    {
        var filter = new ApiScopeFilter(records, access);
        // Also metadata, so the OpenAPI document can say which scope each operation needs.
        return builder.AddEndpointFilter(filter).WithMetadata(filter);
    }
}
