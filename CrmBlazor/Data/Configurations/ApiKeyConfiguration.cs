using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys", t =>
        {
            t.HasCheckConstraint("ck_api_keys_name_not_blank", "name ~ '\\S'");
            t.HasCheckConstraint("ck_api_keys_prefix", "prefix ~ '^[A-Za-z0-9_]{6,16}$'");
        });
        key.MapTenantEntity();
        key.Property(k => k.Name).HasMaxLength(FieldLimits.Short);
        key.Property(k => k.Prefix).HasMaxLength(16);
        key.Property(k => k.KeyHash).HasMaxLength(128);
        key.HasIndex(k => k.KeyHash).IsUnique();
        key.HasIndex(k => k.Prefix);
    }
}
