using CrmBlazor.Features.Shared;
using Npgsql;

namespace CrmBlazor.Features.Admin.Pipelines;

/// <summary>Turns a violated pipelines or pipeline_stages constraint into the field it belongs to and a sentence for the user.</summary>
internal static class PipelineConstraints
{
    private static readonly ConstraintTable Table = new(
        ("ux_pipelines_name", nameof(PipelineForm.Name), PipelineAdminService.DuplicatePipelineName),
        ("ck_pipelines_name_not_blank", nameof(PipelineForm.Name), PipelineForm.MissingName),
        ("ux_pipeline_stages_name", nameof(StageForm.Name), PipelineAdminService.DuplicateStageName),
        ("ck_pipeline_stages_name_not_blank", nameof(StageForm.Name), StageForm.MissingName),
        ("ck_pipeline_stages_color", nameof(StageForm.Color), StageForm.InvalidColor),
        ("ck_pipeline_stages_probability", nameof(StageForm.Probability), StageForm.InvalidProbability),
        ("ck_pipeline_stages_kind", nameof(StageForm.Kind), StageForm.InvalidKind),
        ("ck_pipeline_keeps_won_and_lost", nameof(StageForm.Kind), StageForm.KeepWonAndLost),
        ("ck_pipeline_stages_open_first", nameof(StageForm.Kind), PipelineAdminService.OpenStagesFirst),
        ("ux_lost_reasons_name", nameof(LostReasonForm.Name), PipelineAdminService.DuplicateLostReason),
        ("ck_lost_reasons_name_not_blank", nameof(LostReasonForm.Name), LostReasonForm.MissingName));

    public static FieldError? Describe(Exception error) => Table.Describe(error);

    /// <summary>
    /// Rules that only another user's change made at the same moment can break here (two defaults, two
    /// stages on one position, a deal dropped into a stage being deleted, a rank taken meanwhile).
    /// </summary>
    public static bool IsRace(Exception ex) =>
        ConstraintTable.Violation(ex) is { } error
        && (error.ConstraintName is "ux_pipelines_one_default" or "ck_tenant_has_default_pipeline" or "uq_pipeline_stages_position"
                or "ux_deals_board_rank"
            || error.SqlState == PostgresErrorCodes.ForeignKeyViolation);
}
