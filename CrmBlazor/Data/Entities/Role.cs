using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Data.Entities;

/// <summary>One of the fixed tenant roles (Owner, Admin, Member, Viewer), shared by all tenants.</summary>
public class Role : IdentityRole<Guid>
{
    public const string Owner = "Owner";
    public const string Admin = "Admin";
    public const string Member = "Member";
    public const string Viewer = "Viewer";
}
