using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Admin.Pipelines;

/// <summary>The pipeline every new tenant starts with.</summary>
public static class DefaultPipeline
{
    public static Data.Entities.Pipeline Create() => new()
    {
        Name = "Sales",
        IsDefault = true,
        Stages =
        [
            Stage("Prospecting", 0, 10, PipelineStage.Open, "#90A4AE"),
            Stage("Qualification", 1, 25, PipelineStage.Open, "#4FC3F7"),
            Stage("Proposal", 2, 50, PipelineStage.Open, "#7986CB"),
            Stage("Negotiation", 3, 75, PipelineStage.Open, "#FFB74D"),
            Stage("Closed Won", 4, 100, PipelineStage.Won, "#66BB6A"),
            Stage("Closed Lost", 5, 0, PipelineStage.Lost, "#E57373"),
        ],
    };

    private static PipelineStage Stage(string name, int position, int probability, string kind, string color) =>
        new() { Name = name, Position = position, Probability = probability, Kind = kind, Color = color };
}
