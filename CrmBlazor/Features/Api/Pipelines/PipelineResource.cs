using CrmBlazor.Features.Admin.Pipelines;

namespace CrmBlazor.Features.Api.Pipelines;

/// <summary>
/// A pipeline as the API returns it: its stages in board order, and the lost reasons its deals may be
/// lost for (a move into a lost stage names one, or a note of its own). <c>version</c> is also its ETag.
/// </summary>
public sealed record PipelineResource(
    Guid Id, string Name, bool IsDefault, IReadOnlyList<StageResource> Stages, IReadOnlyList<LostReasonResource> LostReasons,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version);

/// <summary>A stage: <c>kind</c> open, won or lost; <c>probability</c> is what a deal moved into it gets. <c>version</c> is its ETag.</summary>
public sealed record StageResource(Guid Id, string Name, int Position, string Kind, int Probability, string Color, uint Version);

public sealed record LostReasonResource(Guid Id, string Name);

/// <summary>A pipeline to create (it starts with the stages every pipeline starts with) or rename.</summary>
public sealed record PipelineInput(string? Name = null)
{
    public PipelineForm ToForm(uint? version = null) => new() { Name = Name, Version = version };
}

/// <summary>
/// A stage to add (an open one goes after the open stages, a won or lost one at the end) or to replace
/// the values of. Adding, a value left out takes the admin page's default (open, 50 %, grey); replacing, it is required.
/// </summary>
public sealed record StageInput(string? Name = null, string? Kind = null, int? Probability = null, string? Color = null)
{
    public StageForm ToForm(uint? version = null) => new() { Name = Name, Kind = Kind, Probability = Probability, Color = Color, Version = version };

    public StageForm ToNewForm()
    {
        var defaults = new StageForm();
        return new() { Name = Name, Kind = Kind ?? defaults.Kind, Probability = Probability ?? defaults.Probability, Color = Color ?? defaults.Color };
    }
}

/// <summary>The pipeline's stages in the order wanted: every one of them once, the open ones before the won and lost ones.</summary>
public sealed record StageOrderInput(IReadOnlyList<Guid>? StageIds = null);

/// <summary>A lost reason to add to the pipeline's list, or a listed one's new name.</summary>
public sealed record LostReasonInput(string? Name = null)
{
    public LostReasonForm ToForm() => new() { Name = Name };
}
