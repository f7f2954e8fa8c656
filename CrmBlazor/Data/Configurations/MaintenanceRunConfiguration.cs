using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class MaintenanceRunConfiguration : IEntityTypeConfiguration<MaintenanceRun>
{
    public void Configure(EntityTypeBuilder<MaintenanceRun> run)
    {
        run.ToTable("maintenance_runs", t =>
        {
            t.HasCheckConstraint("ck_maintenance_runs_kind", $"kind IN ({string.Join(", ", MaintenanceRun.Kinds.Select(k => $"'{k}'"))})");
            t.HasCheckConstraint("ck_maintenance_runs_finished", "(finished_at IS NULL) = (succeeded IS NULL) AND (finished_at IS NULL OR finished_at >= started_at)");
        });
        run.Property(r => r.Id).UseIdentityAlwaysColumn();
        run.Property(r => r.Kind).HasMaxLength(30);
        run.Property(r => r.StartedAt).HasDefaultValueSql("now()");
        run.Property(r => r.Detail).HasMaxLength(FieldLimits.Text);
        run.HasIndex(r => new { r.Kind, r.StartedAt });
    }
}
