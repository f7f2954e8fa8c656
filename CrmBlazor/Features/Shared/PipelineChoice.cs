using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Shared;

/// <summary>A pipeline to choose, with its stages in board order.</summary>
public sealed record PipelineChoice(Guid Id, string Name, bool IsDefault, IReadOnlyList<StageChoice> Stages)
{
    /// <summary>Where a deal lands when no stage is chosen.</summary>
    public StageChoice? FirstOpenStage => Stages.FirstOrDefault(s => s.Kind == PipelineStage.Open);
}

public sealed record StageChoice(Guid Id, string Name, int Probability, string Kind, string Color);
