using Npgsql;

namespace CrmBlazor.Features.Admin.Pipelines;

/// <summary>Turns a violated pipelines or pipeline_stages constraint into the field it belongs to and a sentence for the user.</summary>
public static class PipelineConstraints
{
    public sealed record FieldError(string Field, string Message);

    public static FieldError? Describe(PostgresException error) => error.ConstraintName switch
    {
        "ux_pipelines_name" => new(nameof(PipelineForm.Name), PipelineAdminService.DuplicatePipelineName),
        "ck_pipelines_name_not_blank" => new(nameof(PipelineForm.Name), PipelineForm.MissingName),
        "ux_pipeline_stages_name" => new(nameof(StageForm.Name), PipelineAdminService.DuplicateStageName),
        "ck_pipeline_stages_name_not_blank" => new(nameof(StageForm.Name), StageForm.MissingName),
        "ck_pipeline_stages_color" => new(nameof(StageForm.Color), StageForm.InvalidColor),
        "ck_pipeline_stages_probability" => new(nameof(StageForm.Probability), StageForm.InvalidProbability),
        "ck_pipeline_stages_kind" => new(nameof(StageForm.Kind), StageForm.InvalidKind),
        _ => null,
    };

    /// <summary>
    /// Rules that only another user's change made at the same moment can break here (two defaults, two
    /// stages on one position, a deal dropped into a stage being deleted, a rank taken meanwhile).
    /// </summary>
    public static bool IsRace(PostgresException error) =>
        error.ConstraintName is "ux_pipelines_one_default" or "ck_tenant_has_default_pipeline" or "uq_pipeline_stages_position"
            or "ux_deals_board_rank"
        || error.SqlState == PostgresErrorCodes.ForeignKeyViolation;
}
