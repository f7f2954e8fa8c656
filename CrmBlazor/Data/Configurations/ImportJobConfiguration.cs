using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> job)
    {
        job.ToTable("import_jobs", t =>
        {
            t.HasCheckConstraint("ck_import_jobs_status",
                $"status IN ({string.Join(", ", ImportJob.Statuses.Select(s => $"'{s}'"))})");
            t.HasCheckConstraint("ck_import_jobs_counts",
                "total_rows >= 0 AND imported_rows >= 0 AND updated_rows >= 0 AND skipped_rows >= 0 AND failed_rows >= 0 " +
                "AND imported_rows + updated_rows + skipped_rows + failed_rows <= total_rows");
            t.HasCheckConstraint("ck_import_jobs_progress",
                "rows_read >= 0 AND rows_validated >= 0 AND rows_written >= 0 AND file_bytes >= 0");
            t.HasCheckConstraint("ck_import_jobs_kind_not_blank", "kind ~ '\\S'");
            t.HasCheckConstraint("ck_import_jobs_search_pending_completed", "NOT search_pending OR status = 'completed'");
            t.HasCheckConstraint("ck_import_jobs_claims", "claims >= 0");
        });
        job.MapTenantEntity();
        job.Property(j => j.Kind).HasMaxLength(50);
        job.Property(j => j.FileName).HasMaxLength(255);
        job.Property(j => j.Status).HasMaxLength(20);
        job.Property(j => j.ErrorReport).HasMaxLength(FieldLimits.Text);
        job.Property(j => j.Format).HasColumnType("jsonb");
        job.Property(j => j.Settings).HasColumnType("jsonb");
        job.Property(j => j.Columns).HasDefaultValueSql("'{}'::text[]");
        job.Property(j => j.ClaimedBy).HasMaxLength(FieldLimits.Short);
        // The runner finds queued jobs by status; the page lists a tenant's recent jobs.
        job.HasIndex(j => j.Status);
        job.HasIndex(j => new { j.TenantId, j.CreatedAt });
    }
}

public class ImportPresetRowConfiguration : IEntityTypeConfiguration<ImportPresetRow>
{
    public void Configure(EntityTypeBuilder<ImportPresetRow> preset)
    {
        preset.ToTable("import_presets", t => t.HasCheckConstraint("ck_import_presets_name_not_blank", "name ~ '\\S'"));
        preset.MapTenantEntity();
        preset.Property(p => p.Kind).HasMaxLength(50);
        preset.Property(p => p.Name).HasMaxLength(FieldLimits.Short);
        preset.Property(p => p.FieldByColumn).HasColumnType("jsonb");
        preset.HasIndex(p => new { p.TenantId, p.Kind, p.Name }).IsUnique();
    }
}
