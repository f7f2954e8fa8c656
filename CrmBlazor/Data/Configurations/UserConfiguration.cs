using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users", t =>
        {
            t.HasCheckConstraint("ck_users_full_name_not_blank", "full_name ~ '\\S'");
            t.HasCheckConstraint("ck_users_email_present", "email IS NOT NULL AND normalized_email IS NOT NULL");
        });
        user.Property(u => u.FullName).HasMaxLength(200);
        user.Property(u => u.Email).HasMaxLength(320);
        user.Property(u => u.NormalizedEmail).HasMaxLength(320);
        user.Property(u => u.UserName).HasMaxLength(320);
        user.Property(u => u.NormalizedUserName).HasMaxLength(320);
        user.Property(u => u.IsActive).HasDefaultValue(true);
        user.MapStamps();
        user.Property(u => u.TenantId).HasDefaultValueSql(ColumnMapping.CurrentTenantSql);
        user.HasOne(u => u.Tenant).WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
        // Target of every same-tenant reference to a user (owners, Identity's own tables).
        user.HasAlternateKey(u => new { u.TenantId, u.Id });
        // Sign-in finds a user by email before the tenant is known, so a confirmed email is unique across
        // tenants. Only once confirmed: an unconfirmed sign-up or invitation must not block the address's
        // real owner (the user name is the email, so the same holds for it).
        user.HasIndex(u => u.NormalizedEmail).IsUnique().HasFilter("email_confirmed").HasDatabaseName("ux_users_normalized_email");
        user.HasIndex(u => u.NormalizedUserName).IsUnique().HasFilter("email_confirmed").HasDatabaseName("ux_users_normalized_user_name");
    }
}
