using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

/// <summary>
/// Identity's user_roles (its table name and tenant key are set beside the other Identity tables in
/// CrmDbContext). A user holds exactly one role: at most one by this index, at least one by
/// ck_user_has_a_role at commit (Sql/user_roles.sql). Knowing the index, EF orders a role change's
/// delete before its insert within one save.
/// </summary>
public class UserRoleConfiguration : IEntityTypeConfiguration<IdentityUserRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserRole<Guid>> userRole) =>
        userRole.HasIndex(r => r.UserId).IsUnique().HasDatabaseName("ux_user_roles_user_id");
}
