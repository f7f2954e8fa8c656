using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users", t =>
            t.HasCheckConstraint("ck_users_full_name_not_blank", "btrim(full_name) <> ''"));
        user.Property(u => u.FullName).HasMaxLength(200);
        user.Property(u => u.Email).HasMaxLength(320);
        user.Property(u => u.NormalizedEmail).HasMaxLength(320);
        user.Property(u => u.UserName).HasMaxLength(320);
        user.Property(u => u.NormalizedUserName).HasMaxLength(320);
        user.Property(u => u.IsActive).HasDefaultValue(true);
        user.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        user.Property(u => u.UpdatedAt).HasDefaultValueSql("now()");
        user.HasOne(u => u.Tenant).WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
        // Sign-in finds a user by email before the tenant is known, so email is unique across tenants.
        user.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName("ux_users_normalized_email");
        user.HasIndex(u => u.NormalizedUserName).IsUnique().HasDatabaseName("ux_users_normalized_user_name");
    }
}
