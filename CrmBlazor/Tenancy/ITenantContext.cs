namespace CrmBlazor.Tenancy;

/// <summary>Who is acting, for whom: the tenant and user every query and every audit row is scoped to.</summary>
public interface ITenantContext
{
    Guid? TenantId { get; }
    Guid? UserId { get; }
    string? Role { get; }
}
