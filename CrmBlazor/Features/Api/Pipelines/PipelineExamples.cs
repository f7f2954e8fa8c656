using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Api.Docs;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Pipelines;

/// <summary>The pipelines endpoints' example bodies in the reference (/api/docs); the document check keeps them as served.</summary>
public static class PipelineExamples
{
    private static readonly Guid Id = Guid.Parse("1e4d7a20-9c3b-4a5f-b6e8-2f0d1c3b4a59");
    private static readonly Guid ReasonId = Guid.Parse("4f6a8c0e-2b4d-4e6f-a8b0-c2d4e6f8a0b2");
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    public static readonly StageResource Stage = new(Guid.Parse("8b3f1c6d-2e4a-4d7b-9f0c-5a6e7d8c9b10"), "Proposal", 2, "open", 50, "#7986CB", 61207);

    private static readonly StageResource[] Stages =
    [
        new(Guid.Parse("a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b"), "Prospecting", 0, "open", 10, "#90A4AE", 61201),
        new(Guid.Parse("a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a5b"), "Qualification", 1, "open", 25, "#4FC3F7", 61204),
        Stage,
        new(Guid.Parse("a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a5b"), "Closed Won", 3, "won", 100, "#66BB6A", 61210),
        new(Guid.Parse("c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f"), "Closed Lost", 4, "lost", 0, "#E57373", 61213),
    ];

    public static readonly LostReasonResource LostReason = new(ReasonId, "Price");

    public static readonly PipelineResource Pipeline = new(
        Id, "Sales", true, Stages, [LostReason, new(Guid.Parse("6b8d0f2a-4c6e-4a8b-9d0f-2a4c6e8b0d13"), "Went with a competitor")],
        Created, Created.AddDays(1), 61190);

    public static readonly ApiPage<PipelineResource> Page = new([Pipeline], null);

    public static readonly PipelineInput Input = new("Renewals");

    public static readonly StageInput StageInput = new("Proposal", "open", 50, "#7986CB");

    public static readonly StageOrderInput Order = new([.. Stages.Select(s => s.Id)]);

    public static readonly LostReasonInput ReasonInput = new("Price");

    public static readonly HttpValidationProblemDetails DuplicateName = ProblemExamples.Invalid(("name", PipelineAdminService.DuplicatePipelineName));

    public static readonly ProblemDetails LastWonStage = ProblemExamples.Refused(PipelineAdminService.LastWonStage);

    public static readonly ProblemDetails OpenStagesFirst = ProblemExamples.Refused(PipelineAdminService.OpenStagesFirst);

    public static readonly ProblemDetails DefaultPipelineStays = ProblemExamples.Refused(PipelineAdminService.DefaultPipelineStays);

    public static readonly ProblemDetails ChangedMeanwhile = new()
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        Title = "Conflict",
        Status = StatusCodes.Status409Conflict,
        Detail = PipelineAdminService.ChangedMeanwhile,
    };
}
