using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
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
        // Both overwritten by the entry stamp from app.client_ip and app.user_agent (audit_entry.sql), as changed_by is.
        log.Property(l => l.ClientIp).HasColumnType("inet");
        log.Property(l => l.UserAgent).HasMaxLength(ClientOrigin.UserAgentLength);
        log.Property(l => l.RecordName).HasMaxLength(RecordNameLength).HasComputedColumnSql(RecordNameSql, stored: true);

        // One index per filter of the audit log, each ending in its order (changed_at DESC, id DESC, read
        // backwards), so a page is the first rows of one index range. The record's index serves its history,
        // which includes its join rows (their record_id is the parent's). The trigram index on record_name
        // is audit_search.sql's. Each index also carries the other filters' columns (INCLUDE): combined
        // filters (a user's changes to deals) and the capped count are then answered from the index alone,
        // without reading each candidate row (the bench's user-and-type page took 180 ms reading the heap).
        log.HasIndex(l => new { l.TenantId, l.ChangedAt, l.Id }).IncludeProperties(l => new { l.ChangedBy, l.TableName, l.Action, l.Event });
        log.HasIndex(l => new { l.TenantId, l.ChangedBy, l.ChangedAt, l.Id }).IncludeProperties(l => new { l.TableName, l.Action, l.Event });
        log.HasIndex(l => new { l.TenantId, l.TableName, l.ChangedAt, l.Id }).IncludeProperties(l => new { l.ChangedBy, l.Action, l.Event });
        log.HasIndex(l => new { l.TenantId, l.RecordId, l.ChangedAt, l.Id }).IncludeProperties(l => new { l.TableName, l.Action });
        log.HasIndex(l => new { l.TenantId, l.Action, l.ChangedAt, l.Id }).IncludeProperties(l => new { l.ChangedBy, l.TableName, l.Event });
        log.HasIndex(l => new { l.TenantId, l.Event, l.ChangedAt, l.Id }).HasFilter("event IS NOT NULL").IncludeProperties(l => new { l.ChangedBy, l.TableName });
    }

    public const int RecordNameLength = 200;

    /// <summary>
    /// The first name-like field of the row after the change, or before it for a deletion. Only
    /// immutable functions (no concat_ws), as a stored generated column requires.
    /// </summary>
    private static readonly string RecordNameSql = $"left(coalesce({NameIn("new_data")}, {NameIn("old_data")}), {RecordNameLength})";

    private static string NameIn(string row) =>
        $"{row} ->> 'title', {row} ->> 'subject', {row} ->> 'name', {row} ->> 'full_name', " +
        $"NULLIF(btrim(coalesce({row} ->> 'first_name', '') || ' ' || coalesce({row} ->> 'last_name', '')), ''), {row} ->> 'email'";
}
