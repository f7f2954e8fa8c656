using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> activity)
    {
        activity.ToTable("activities", t =>
        {
            t.HasCheckConstraint("ck_activities_type", "type IN ('call', 'email', 'meeting', 'note', 'task')");
            t.HasCheckConstraint("ck_activities_subject_not_blank", "subject ~ '\\S'");
            t.HasCheckConstraint("ck_activities_outcome", ActivityOutcomes.CheckSql);
            t.HasCheckConstraint("ck_activities_duration",
                $"duration_minutes IS NULL OR type IN ('call', 'meeting') AND duration_minutes BETWEEN 0 AND {ActivityOutcomes.MaxDurationMinutes}");
        });
        activity.MapTenantEntity();
        activity.Property(a => a.Type).HasMaxLength(10);
        activity.Property(a => a.Subject).HasMaxLength(FieldLimits.Subject);
        activity.Property(a => a.Body).HasMaxLength(FieldLimits.Text);
        activity.Property(a => a.Outcome).HasMaxLength(20);
        activity.References(a => a.Contact, nameof(Activity.ContactId), DeleteBehavior.ClientSetNull);
        activity.References(a => a.Company, nameof(Activity.CompanyId), DeleteBehavior.ClientSetNull);
        activity.References(a => a.Deal, nameof(Activity.DealId), DeleteBehavior.ClientSetNull);
        activity.References(a => a.Owner, nameof(Activity.OwnerId), DeleteBehavior.ClientSetNull);
        activity.HasIndex(a => new { a.TenantId, a.OwnerId });
        // "My open tasks by due date".
        activity.HasIndex(a => new { a.TenantId, a.OwnerId, a.DueAt }).HasFilter("deleted_at IS NULL AND completed_at IS NULL")
            .HasDatabaseName("ix_activities_open_by_owner_due");
        // The trash lists a tenant's deleted rows newest first, and the purge finds the old ones (Features/Trash).
        activity.HasIndex(a => new { a.TenantId, a.DeletedAt }).HasFilter("deleted_at IS NOT NULL").HasDatabaseName("ix_activities_trash");
    }
}
