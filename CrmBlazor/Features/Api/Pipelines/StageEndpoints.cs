using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Api.Pipelines;

/// <summary>/api/v1/pipelines/{id}/stages: a pipeline's stages read, and added, changed, reordered and deleted through PipelineAdminService.</summary>
public static class StageEndpoints
{
    private const string What = "stage";
    public const string EveryStageOnce = "List every stage of the pipeline once, in the order wanted; GET the pipeline for their ids.";

    public static void MapStageReads(this RouteGroupBuilder read) =>
        read.MapGet("/{id:guid}/stages/{stageId:guid}", GetAsync).WithName("GetStage")
            .WithSummary("Get a stage")
            .WithDescription("The ETag header is the stage's version, to send in If-Match when changing it.")
            .Produces<StageResource>().WithResponseExample(StatusCodes.Status200OK, PipelineExamples.Stage)
            .ProducesProblems(StatusCodes.Status404NotFound);

    public static void MapStageWrites(this RouteGroupBuilder write)
    {
        write.MapPost("/{id:guid}/stages", AddAsync).WithName("AddStage")
            .WithSummary("Add a stage")
            .WithDescription($"{PipelineEndpoints.AdminsOnly} An open stage goes after the open stages, a won or lost one at the end. A value left out takes the admin page's default (open, 50 %, grey). Answers with the stage, its Location and its ETag.")
            .WithRequestExample(PipelineExamples.StageInput)
            .Produces<StageResource>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, PipelineExamples.Stage)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        write.MapPut("/{id:guid}/stages/order", ReorderAsync).WithName("ReorderStages")
            .WithSummary("Reorder a pipeline's stages")
            .WithDescription($"{PipelineEndpoints.AdminsOnly} As a drag in Admin → Pipelines: `stageIds` lists every stage of the pipeline once, the open ones before the won and lost ones. Answers with the pipeline.")
            .WithRequestExample(PipelineExamples.Order)
            .Produces<PipelineResource>().WithResponseExample(StatusCodes.Status200OK, PipelineExamples.Pipeline)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, PipelineExamples.OpenStagesFirst);
        write.MapPut("/{id:guid}/stages/{stageId:guid}", UpdateAsync).WithName("UpdateStage")
            .WithSummary("Replace a stage's values")
            .WithDescription($"{PipelineEndpoints.AdminsOnly} Send every field. The kind changes only while the stage holds no deals, and the pipeline keeps an open, a won and a lost stage. Needs the stage's ETag in If-Match.")
            .WithRequestExample(PipelineExamples.StageInput)
            .Produces<StageResource>().WithResponseExample(StatusCodes.Status200OK, PipelineExamples.Stage)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);
        write.MapDelete("/{id:guid}/stages/{stageId:guid}", DeleteAsync).WithName("DeleteStage")
            .WithSummary("Delete a stage")
            .WithDescription($"{PipelineEndpoints.AdminsOnly} A stage holding deals (those in the trash count) needs `targetStageId`, another stage of the pipeline, for them; into a lost stage also `lostReason`. The last stage of a kind stays.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, PipelineExamples.LastWonStage);
    }

    private static async Task<IResult> GetAsync(Guid id, Guid stageId, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.StageAsync(id, stageId, ct) is not { } stage) return ApiProblems.NotFound(What);
        ApiVersion.Tag(http, stage.Version);
        return Results.Ok(stage);
    }

    private static async Task<IResult> AddAsync(
        Guid id, StageInput input, PipelineAdminService admin, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound("pipeline");
        var saved = await admin.AddStageAsync(id, input.ToNewForm(), ct);
        if (!saved.Succeeded) return PipelineEndpoints.Refused(saved, "pipeline");
        var stage = (await listing.StageAsync(id, saved.Id!.Value, ct))!;
        ApiVersion.Tag(http, stage.Version);
        return Results.Created($"{ApiRoutes.Prefix}/pipelines/{id}/stages/{stage.Id}", stage);
    }

    private static async Task<IResult> ReorderAsync(
        Guid id, StageOrderInput input, PipelineAdminService admin, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is not { } pipeline) return ApiProblems.NotFound("pipeline");
        // The admin service takes an incomplete list for a stage added or deleted meanwhile (409); here it is the client's mistake.
        var ids = input.StageIds ?? [];
        if (ids.Count != pipeline.Stages.Count || ids.Distinct().Count() != ids.Count || !pipeline.Stages.All(s => ids.Contains(s.Id)))
            return ApiProblems.Refused(SaveResult.Invalid(nameof(StageOrderInput.StageIds), EveryStageOnce), "pipeline");
        var saved = await admin.ReorderStagesAsync(id, ids, ct);
        if (!saved.Succeeded) return PipelineEndpoints.Refused(saved, "pipeline");
        if (await listing.GetAsync(id, ct) is not { } reordered) return ApiProblems.NotFound("pipeline");
        ApiVersion.Tag(http, reordered.Version);
        return Results.Ok(reordered);
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, Guid stageId, StageInput input, PipelineAdminService admin, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        if (await listing.StageAsync(id, stageId, ct) is not { } current) return ApiProblems.NotFound(What);
        if (current.Version != version) return PipelineEndpoints.Stale(What);
        var saved = await admin.UpdateStageAsync(stageId, input.ToForm(version), ct);
        if (!saved.Succeeded) return PipelineEndpoints.Refused(saved, What);
        var stage = (await listing.StageAsync(id, stageId, ct))!;
        ApiVersion.Tag(http, stage.Version);
        return Results.Ok(stage);
    }

    /// <summary>A stage holding deals needs <paramref name="targetStageId"/> (of the same pipeline) for them, and a lost reason when that stage is lost.</summary>
    private static async Task<IResult> DeleteAsync(
        Guid id, Guid stageId, Guid? targetStageId, string? lostReason, PipelineAdminService admin, PipelineListing listing, CancellationToken ct)
    {
        if (await listing.StageAsync(id, stageId, ct) is null) return ApiProblems.NotFound(What);
        var deleted = await admin.DeleteStageAsync(stageId, new StageDeletion { TargetStageId = targetStageId, LostReason = lostReason }, ct);
        return deleted.Succeeded ? Results.NoContent() : PipelineEndpoints.Refused(deleted, What);
    }
}
