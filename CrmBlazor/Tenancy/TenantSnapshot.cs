using System.Security.Claims;

namespace CrmBlazor.Tenancy;

/// <summary>
/// Who acts, for whom: a tenant, the user acting in it and that user's role, fixed once taken. A
/// database context acts for exactly one snapshot, taken when it is made; code that learns who acts
/// half-way (a sign-in learns the tenant from the email) takes a new snapshot and makes a new context.
/// </summary>
public sealed record TenantSnapshot(Guid? TenantId, Guid? UserId, string? Role) : ITenantContext
{
    /// <summary>No tenant: every tenant's rows are hidden (the query filters and row-level security fail closed).</summary>
    public static readonly TenantSnapshot Nobody = new(null, null, null);

    TenantSnapshot ITenantContext.Snapshot => this;

    /// <summary>A bare snapshot comes from no request: work acting for it is stamped with no origin.</summary>
    ClientOrigin ITenantContext.Origin => ClientOrigin.Unknown;

    /// <summary>The snapshot a signed-in user's claims describe; <see cref="Nobody"/> for an anonymous one.</summary>
    public static TenantSnapshot Of(ClaimsPrincipal principal) =>
        ParseGuid(principal.FindFirstValue(CrmClaims.TenantId)) is { } tenantId
            ? new(tenantId, ParseGuid(principal.FindFirstValue(ClaimTypes.NameIdentifier)), principal.FindFirstValue(ClaimTypes.Role))
            : Nobody;

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var id) ? id : null;
}
