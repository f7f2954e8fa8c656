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
                "total_rows >= 0 AND imported_rows >= 0 AND failed_rows >= 0 AND imported_rows + failed_rows <= total_rows");
            t.HasCheckConstraint("ck_import_jobs_kind_not_blank", "kind ~ '\\S'");
        });
        job.MapTenantEntity();
        job.Property(j => j.Kind).HasMaxLength(50);
        job.Property(j => j.FileName).HasMaxLength(255);
        job.Property(j => j.Status).HasMaxLength(20);
        job.Property(j => j.ErrorReport).HasMaxLength(FieldLimits.Text);
    }
}
