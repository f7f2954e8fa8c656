using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Data.Entities;

/// <summary>An Identity user; each belongs to exactly one tenant.</summary>
public class User : IdentityUser<Guid>, ITenantOwned, ISoftDeletable
{
    public Guid TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public string FullName { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public bool PrefersDarkMode { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
