using System.Security.Claims;

namespace CrmBlazor.Tenancy;

/// <summary>
/// The scoped tenant context. A request fills it from its user (<see cref="TenantContextMiddleware"/>),
/// a circuit from its authentication state (<see cref="TenantCircuitHandler"/>).
/// </summary>
public sealed class TenantContext : ITenantContext
{
    public Guid? TenantId { get; private set; }
    public Guid? UserId { get; private set; }
    public string? Role { get; private set; }

    public void Set(Guid? tenantId, Guid? userId, string? role)
    {
        TenantId = tenantId;
        UserId = userId;
        Role = role;
    }

    public void SetFrom(ClaimsPrincipal principal) => Set(
        ParseGuid(principal.FindFirstValue(CrmClaims.TenantId)),
        ParseGuid(principal.FindFirstValue(ClaimTypes.NameIdentifier)),
        principal.FindFirstValue(ClaimTypes.Role));

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var id) ? id : null;
}
