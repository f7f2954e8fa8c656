using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> tenant)
    {
        tenant.ToTable("tenants", t =>
        {
            t.HasCheckConstraint("ck_tenants_name_not_blank", "name ~ '\\S'");
            t.HasCheckConstraint("ck_tenants_slug_format", "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'");
            t.HasCheckConstraint("ck_tenants_audit_retention_years",
                $"audit_retention_years BETWEEN {Tenant.MinAuditRetentionYears} AND {Tenant.MaxAuditRetentionYears}");
        });
        tenant.Property(t => t.Id).HasDefaultValueSql("gen_random_uuid()");
        tenant.Property(t => t.Name).HasMaxLength(200);
        tenant.Property(t => t.Slug).HasMaxLength(100);
        tenant.HasIndex(t => t.Slug).IsUnique();
        tenant.Property(t => t.Settings).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        tenant.Property(t => t.AuditRetentionYears).HasDefaultValue(Tenant.DefaultAuditRetentionYears);
        tenant.Property(t => t.RequireTwoFactor).HasDefaultValue(false);
        tenant.MapStamps();
    }
}
