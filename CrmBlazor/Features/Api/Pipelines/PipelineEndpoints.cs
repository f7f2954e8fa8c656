using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Api.Pipelines;

/// <summary>
/// /api/v1/pipelines and their stages: read by every role; changed through Admin → Pipelines' own
/// service (PipelineAdminService), so only Owners' and Admins' keys may, and its rules hold: a won and
/// a lost stage kept, open stages first, the default pipeline kept, a deleted stage's deals moved.
/// </summary>
public static class PipelineEndpoints
{
    private const string What = "pipeline";

    public static void MapPipelines(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/pipelines").RequireScope(ApiRecords.Pipelines, ApiAccess.Read);
        read.MapGet("/", async (PipelineListing listing, CancellationToken ct) =>
            Results.Ok(new ApiPage<PipelineResource>(await listing.ListAsync(ct), null)));
        read.MapGet("/{id:guid}", GetAsync);

        var write = api.MapGroup("/pipelines").RequireScope(ApiRecords.Pipelines, ApiAccess.Write);
        write.MapPost("/", CreateAsync);
        write.MapPut("/{id:guid}", RenameAsync);
        write.MapDelete("/{id:guid}", DeleteAsync);
        write.MapPost("/{id:guid}/stages", StageEndpoints.AddAsync);
        write.MapPut("/{id:guid}/stages/{stageId:guid}", StageEndpoints.UpdateAsync);
        write.MapDelete("/{id:guid}/stages/{stageId:guid}", StageEndpoints.DeleteAsync);
    }

    private static async Task<IResult> GetAsync(Guid id, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is not { } pipeline) return ApiProblems.NotFound(What);
        ApiVersion.Tag(http, pipeline.Version);
        return Results.Ok(pipeline);
    }

    private static async Task<IResult> CreateAsync(
        PipelineInput input, PipelineAdminService admin, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        var saved = await admin.CreatePipelineAsync(input.ToForm(), ct);
        if (!saved.Succeeded) return Refused(saved, What);
        var pipeline = (await listing.GetAsync(saved.Id!.Value, ct))!;
        ApiVersion.Tag(http, pipeline.Version);
        return Results.Created($"{ApiRoutes.Prefix}/pipelines/{pipeline.Id}", pipeline);
    }

    private static async Task<IResult> RenameAsync(
        Guid id, PipelineInput input, PipelineAdminService admin, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        if (await listing.GetAsync(id, ct) is not { } current) return ApiProblems.NotFound(What);
        if (current.Version != version) return Stale(What);
        var saved = await admin.RenamePipelineAsync(id, input.ToForm(version), ct);
        if (!saved.Succeeded) return Refused(saved, What);
        var pipeline = (await listing.GetAsync(id, ct))!;
        ApiVersion.Tag(http, pipeline.Version);
        return Results.Ok(pipeline);
    }

    private static async Task<IResult> DeleteAsync(Guid id, PipelineAdminService admin, PipelineListing listing, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound(What);
        var deleted = await admin.DeletePipelineAsync(id, ct);
        return deleted.Succeeded ? Results.NoContent() : Refused(deleted, What);
    }

    /// <summary>
    /// The admin service's refusals: a record gone meanwhile is a 404, another admin's change at the same moment
    /// a 409 to retry, a broken rule a 422 (per field where it names one).
    /// </summary>
    internal static IResult Refused(SaveResult result, string what) => result.Problem switch
    {
        PipelineAdminService.PipelineGone or PipelineAdminService.StageGone => ApiProblems.NotFound(what),
        PipelineAdminService.ChangedMeanwhile => Results.Problem(result.Problem, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        _ => ApiProblems.Refused(result, what),
    };

    internal static IResult Stale(string what) => Results.Problem(
        $"This {what} was changed since the version you sent. Read it again (GET) and send its new ETag in If-Match.",
        statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed");
}
