using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Admin.Pipelines;

/// <summary>A pipeline with its stages in position order, as the admin page shows it.</summary>
public sealed record PipelineSummary(Guid Id, string Name, bool IsDefault, uint Version, IReadOnlyList<StageRow> Stages);

/// <summary>
/// One stage with the live deals it holds. TrashedDeals are deleted deals that still point at the
/// stage (they can be restored), so they move with the live ones when the stage is deleted.
/// </summary>
public sealed record StageRow(
    Guid Id, Guid PipelineId, string Name, int Position, int Probability, string Kind, string Color,
    int Deals, int TrashedDeals, uint Version)
{
    /// <summary>Deleting the stage needs a target stage for its deals.</summary>
    public bool HasDeals => Deals + TrashedDeals > 0;
}

/// <summary>Create or rename a pipeline; the rules mirror the pipelines columns.</summary>
public sealed class PipelineForm
{
    public const string MissingName = "Enter the pipeline's name.";

    [Required(ErrorMessage = MissingName)]
    [MaxLength(FieldLimits.Short, ErrorMessage = "Use at most 100 characters.")]
    public string? Name { get; set; }

    /// <summary>The xmin the form was loaded with; null for a new pipeline.</summary>
    public uint? Version { get; set; }
}

/// <summary>Add or change a stage; every rule mirrors a column length or CHECK constraint of pipeline_stages.</summary>
public sealed class StageForm
{
    /// <summary>ck_pipeline_stages_color, character for character.</summary>
    public const string ColorPattern = "^#[0-9A-Fa-f]{6}$";
    public const string InvalidColor = "Enter a color as # and six hex digits, like #1976D2.";
    public const string MissingName = "Enter the stage's name.";
    public const string InvalidProbability = "Enter a probability from 0 to 100.";
    public const string InvalidKind = "Choose open, won or lost.";
    public const string KeepWonAndLost = "A pipeline needs at least one won and one lost stage.";

    public const string DefaultColor = "#607D8B";

    public static readonly string[] Kinds = [PipelineStage.Open, PipelineStage.Won, PipelineStage.Lost];

    [Required(ErrorMessage = MissingName)]
    [MaxLength(FieldLimits.Short, ErrorMessage = "Use at most 100 characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = InvalidColor), RegularExpression(ColorPattern, ErrorMessage = InvalidColor)]
    public string? Color { get; set; } = DefaultColor;

    [Required(ErrorMessage = InvalidProbability), Range(0, 100, ErrorMessage = InvalidProbability)]
    public int? Probability { get; set; } = 50;

    [Required(ErrorMessage = InvalidKind), AllowedValues(PipelineStage.Open, PipelineStage.Won, PipelineStage.Lost, ErrorMessage = InvalidKind)]
    public string? Kind { get; set; } = PipelineStage.Open;

    /// <summary>The xmin the form was loaded with; null for a new stage.</summary>
    public uint? Version { get; set; }

    /// <summary>How a kind reads in the UI.</summary>
    public static string KindLabel(string kind) => kind switch
    {
        PipelineStage.Won => "Won",
        PipelineStage.Lost => "Lost",
        _ => "Open",
    };

    public static StageForm From(StageRow stage) => new()
    {
        Name = stage.Name, Color = stage.Color, Probability = stage.Probability, Kind = stage.Kind, Version = stage.Version,
    };
}

/// <summary>
/// Deleting a stage: where its deals go (required when it has any) and, when that is a lost stage,
/// the reason recorded on each moved deal that has none yet.
/// </summary>
public sealed class StageDeletion
{
    public Guid? TargetStageId { get; set; }

    [MaxLength(FieldLimits.Text, ErrorMessage = "Use at most 20,000 characters.")]
    public string? LostReason { get; set; }
}

/// <summary>The steps of deleting a stage that holds deals, in order; tests inject a failure after each.</summary>
public enum StageDeletionStep { DealsMoved, StageDeleted }

/// <summary>Add or rename one of a pipeline's listed lost reasons; mirrors lost_reasons' column length and CHECK.</summary>
public sealed class LostReasonForm
{
    public const string MissingName = "Enter the reason.";

    [Required(ErrorMessage = MissingName), MaxLength(FieldLimits.Short)] public string? Name { get; set; }
}
