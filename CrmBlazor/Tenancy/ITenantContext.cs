namespace CrmBlazor.Tenancy;

/// <summary>Who is acting, for whom: the tenant and user every query and every audit row is scoped to.</summary>
public interface ITenantContext
{
    Guid? TenantId { get; }
    Guid? UserId { get; }
    string? Role { get; }

    /// <summary>The same, as the immutable snapshot a database context is made for.</summary>
    TenantSnapshot Snapshot { get; }

    /// <summary>Where the acting request or circuit comes from; stamped on the audit rows it writes.</summary>
    ClientOrigin Origin { get; }
}
