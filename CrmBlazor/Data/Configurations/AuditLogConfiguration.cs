using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> log)
    {
        log.ToTable("audit_logs", t =>
        {
            t.HasCheckConstraint("ck_audit_logs_action", "action IN ('insert', 'update', 'delete', 'event')");
            t.HasCheckConstraint("ck_audit_logs_event_named", "(action = 'event') = (event IS NOT NULL)");
        });
        log.Property(l => l.Id).UseIdentityAlwaysColumn();
        // No foreign key to tenants: the history of a deleted tenant's rows is written as it cascades.
        log.Property(l => l.TenantId).HasDefaultValueSql(ColumnMapping.CurrentTenantSql);
        log.Property(l => l.TableName).HasMaxLength(63);
        log.Property(l => l.Action).HasMaxLength(10);
        log.Property(l => l.Event).HasMaxLength(FieldLimits.Short);
        log.Property(l => l.OldData).HasColumnType("jsonb");
        log.Property(l => l.NewData).HasColumnType("jsonb");
        log.Property(l => l.ChangedBy).HasDefaultValueSql(ColumnMapping.CurrentUserSql);
        log.Property(l => l.ChangedAt).HasDefaultValueSql("now()");
        log.HasIndex(l => new { l.TenantId, l.TableName, l.RecordId, l.ChangedAt });
        log.HasIndex(l => new { l.TenantId, l.ChangedAt });
    }
}
