using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class LostReasonConfiguration : IEntityTypeConfiguration<LostReason>
{
    public void Configure(EntityTypeBuilder<LostReason> reason)
    {
        reason.ToTable("lost_reasons", t =>
        {
            t.HasCheckConstraint("ck_lost_reasons_name_not_blank", "name ~ '\\S'");
            t.HasCheckConstraint("ck_lost_reasons_position", "position >= 0");
        });
        reason.MapTenantEntity();
        reason.Property(r => r.Name).HasMaxLength(FieldLimits.Short);
        reason.HasIndex(r => new { r.TenantId, r.PipelineId, r.Name }).IsUnique().HasDatabaseName("ux_lost_reasons_name");
    }
}

public class CurrencyConfiguration : IEntityTypeConfiguration<Currency>
{
    public void Configure(EntityTypeBuilder<Currency> currency)
    {
        currency.ToTable("currencies", t => t.HasCheckConstraint("ck_currencies_code", "code ~ '^[A-Z]{3}$'"));
        currency.HasKey(c => c.Code);
        currency.Property(c => c.Code).HasMaxLength(3).IsFixedLength();
        currency.Property(c => c.Name).HasMaxLength(FieldLimits.Short);
    }
}
