using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Api.Docs;
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

    /// <summary>Said on every write: the admin service refuses other roles, whatever the key's scopes.</summary>
    internal const string AdminsOnly = "Only a key created by an Owner or Admin may (as in Admin → Pipelines).";

    public static void MapPipelines(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/pipelines").RequireScope(ApiRecords.Pipelines, ApiAccess.Read).WithTags("Pipelines");
        read.MapGet("/", async (PipelineListing listing, CancellationToken ct) =>
                Results.Ok(new ApiPage<PipelineResource>(await listing.ListAsync(ct), null)))
            .WithName("ListPipelines")
            .WithSummary("List pipelines")
            .WithDescription("By name, each with its stages in board order and its listed lost reasons. A tenant has a handful, so this is one page.")
            .Produces<ApiPage<PipelineResource>>().WithResponseExample(StatusCodes.Status200OK, PipelineExamples.Page);
        read.MapGet("/{id:guid}", GetAsync).WithName("GetPipeline")
            .WithSummary("Get a pipeline")
            .WithDescription("The ETag header is the pipeline's version, to send in If-Match when renaming it.")
            .Produces<PipelineResource>().WithResponseExample(StatusCodes.Status200OK, PipelineExamples.Pipeline)
            .ProducesProblems(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/pipelines").RequireScope(ApiRecords.Pipelines, ApiAccess.Write).WithTags("Pipelines");
        write.MapPost("/", CreateAsync).WithName("CreatePipeline")
            .WithSummary("Create a pipeline")
            .WithDescription($"{AdminsOnly} It starts with the stages every new pipeline starts with; its name is unique, case ignored. Answers with the pipeline, its Location and its ETag.")
            .WithRequestExample(PipelineExamples.Input)
            .Produces<PipelineResource>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, PipelineExamples.Pipeline)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, PipelineExamples.DuplicateName);
        write.MapPut("/{id:guid}", RenameAsync).WithName("RenamePipeline")
            .WithSummary("Rename a pipeline")
            .WithDescription($"{AdminsOnly} Needs the ETag from GET in If-Match.")
            .WithRequestExample(PipelineExamples.Input)
            .Produces<PipelineResource>().WithResponseExample(StatusCodes.Status200OK, PipelineExamples.Pipeline)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, PipelineExamples.DuplicateName);
        write.MapDelete("/{id:guid}", DeleteAsync).WithName("DeletePipeline")
            .WithSummary("Delete a pipeline")
            .WithDescription($"{AdminsOnly} Only one that holds no deals (those in the trash count) and is not the default.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, PipelineExamples.DefaultPipelineStays);
        write.MapPost("/{id:guid}/default", SetDefaultAsync).WithName("MakePipelineDefault")
            .WithSummary("Make a pipeline the default")
            .WithDescription($"{AdminsOnly} A deal created without a pipeline or stage goes into the default one; the previous default stops being it.")
            .Produces<PipelineResource>().WithResponseExample(StatusCodes.Status200OK, PipelineExamples.Pipeline)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithResponseExample(StatusCodes.Status409Conflict, PipelineExamples.ChangedMeanwhile);

        read.MapStageReads();
        write.MapStageWrites();
        write.MapLostReasons();
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

    private static async Task<IResult> SetDefaultAsync(Guid id, PipelineAdminService admin, PipelineListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound(What);
        var saved = await admin.SetDefaultAsync(id, ct);
        if (!saved.Succeeded) return Refused(saved, What);
        // Gone the moment after: the default was set, but there is no pipeline left to show.
        if (await listing.GetAsync(id, ct) is not { } pipeline) return ApiProblems.NotFound(What);
        ApiVersion.Tag(http, pipeline.Version);
        return Results.Ok(pipeline);
    }

    /// <summary>
    /// The admin service's refusals: a record gone meanwhile is a 404, another admin's change at the same moment
    /// a 409 to retry, a broken rule a 422 (per field where it names one).
    /// </summary>
    internal static IResult Refused(SaveResult result, string what) => result.Problem switch
    {
        PipelineAdminService.PipelineGone or PipelineAdminService.StageGone or PipelineAdminService.LostReasonGone => ApiProblems.NotFound(what),
        PipelineAdminService.ChangedMeanwhile => Results.Problem(result.Problem, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        _ => ApiProblems.Refused(result, what),
    };

    internal static IResult Stale(string what) => Results.Problem(
        $"This {what} was changed since the version you sent. Read it again (GET) and send its new ETag in If-Match.",
        statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed");
}
