using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> pipeline)
    {
        pipeline.ToTable("pipelines", t => t.HasCheckConstraint("ck_pipelines_name_not_blank", "name ~ '\\S'"));
        pipeline.MapTenantEntity();
        pipeline.Property(p => p.Name).HasMaxLength(FieldLimits.Short);
        pipeline.HasChildren(p => p.Stages, nameof(PipelineStage.PipelineId));
        pipeline.HasChildren(p => p.LostReasons, nameof(LostReason.PipelineId));
    }
}

public class PipelineStageConfiguration : IEntityTypeConfiguration<PipelineStage>
{
    public void Configure(EntityTypeBuilder<PipelineStage> stage)
    {
        stage.ToTable("pipeline_stages", t =>
        {
            t.HasCheckConstraint("ck_pipeline_stages_name_not_blank", "name ~ '\\S'");
            t.HasCheckConstraint("ck_pipeline_stages_position", "position >= 0");
            t.HasCheckConstraint("ck_pipeline_stages_probability", "probability BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_pipeline_stages_kind", "kind IN ('open', 'won', 'lost')");
            t.HasCheckConstraint("ck_pipeline_stages_color", "color ~ '^#[0-9A-Fa-f]{6}$'");
        });
        stage.MapTenantEntity();
        stage.Property(s => s.Name).HasMaxLength(FieldLimits.Short);
        stage.Property(s => s.Kind).HasMaxLength(10);
        stage.Property(s => s.Color).HasMaxLength(FieldLimits.Color);
        // Deals point at (tenant, pipeline, stage): a deal's stage is always one of its pipeline's.
        stage.HasAlternateKey(s => new { s.TenantId, s.PipelineId, s.Id });
    }
}
