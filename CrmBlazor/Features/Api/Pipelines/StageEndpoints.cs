using CrmBlazor.Features.Admin.Pipelines;

namespace CrmBlazor.Features.Api.Pipelines;

/// <summary>/api/v1/pipelines/{id}/stages: a pipeline's stages added, changed and deleted through PipelineAdminService.</summary>
public static class StageEndpoints
{
    private const string What = "stage";

    public static async Task<IResult> AddAsync(
        Guid id, StageInput input, PipelineAdminService admin, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound("pipeline");
        var saved = await admin.AddStageAsync(id, input.ToNewForm(), ct);
        if (!saved.Succeeded) return PipelineEndpoints.Refused(saved, "pipeline");
        var stage = (await listing.StageAsync(id, saved.Id!.Value, ct))!;
        ApiVersion.Tag(http, stage.Version);
        return Results.Created($"{ApiRoutes.Prefix}/pipelines/{id}", stage);
    }

    public static async Task<IResult> UpdateAsync(
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
    public static async Task<IResult> DeleteAsync(
        Guid id, Guid stageId, Guid? targetStageId, string? lostReason, PipelineAdminService admin, PipelineListing listing, CancellationToken ct)
    {
        if (await listing.StageAsync(id, stageId, ct) is null) return ApiProblems.NotFound(What);
        var deleted = await admin.DeleteStageAsync(stageId, new StageDeletion { TargetStageId = targetStageId, LostReason = lostReason }, ct);
        return deleted.Succeeded ? Results.NoContent() : PipelineEndpoints.Refused(deleted, What);
    }
}
