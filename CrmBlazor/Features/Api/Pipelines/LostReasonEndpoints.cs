using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Api.Docs;

namespace CrmBlazor.Features.Api.Pipelines;

/// <summary>
/// /api/v1/pipelines/{id}/lost-reasons: the reasons a pipeline's deals may be lost for, listed with the pipeline
/// and added, renamed and removed as in Admin → Pipelines (PipelineAdminService).
/// </summary>
public static class LostReasonEndpoints
{
    private const string What = "lost reason";

    public static void MapLostReasons(this RouteGroupBuilder write)
    {
        write.MapPost("/{id:guid}/lost-reasons", AddAsync).WithName("AddLostReason")
            .WithSummary("Add a lost reason")
            .WithDescription($"{PipelineEndpoints.AdminsOnly} It goes at the end of the pipeline's list; a pipeline lists a reason once, case ignored. Answers with the reason; GET the pipeline for the whole list.")
            .WithRequestExample(PipelineExamples.ReasonInput)
            .Produces<LostReasonResource>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, PipelineExamples.LostReason)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        write.MapPut("/{id:guid}/lost-reasons/{reasonId:guid}", RenameAsync).WithName("RenameLostReason")
            .WithSummary("Rename a lost reason")
            .WithDescription($"{PipelineEndpoints.AdminsOnly} Deals already lost for it keep the text they were lost with.")
            .WithRequestExample(PipelineExamples.ReasonInput)
            .Produces<LostReasonResource>().WithResponseExample(StatusCodes.Status200OK, PipelineExamples.LostReason)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        write.MapDelete("/{id:guid}/lost-reasons/{reasonId:guid}", DeleteAsync).WithName("DeleteLostReason")
            .WithSummary("Remove a lost reason")
            .WithDescription($"{PipelineEndpoints.AdminsOnly} Deals lost for it keep their text and lose only the link (`lostReasonId` becomes null).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> AddAsync(Guid id, LostReasonInput input, PipelineAdminService admin, PipelineListing listing, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound("pipeline");
        var saved = await admin.AddLostReasonAsync(id, input.ToForm(), ct);
        if (!saved.Succeeded) return PipelineEndpoints.Refused(saved, "pipeline");
        return await listing.LostReasonAsync(id, saved.Id!.Value, ct) is { } reason
            ? Results.Created($"{ApiRoutes.Prefix}/pipelines/{id}", reason)
            : ApiProblems.NotFound(What);
    }

    private static async Task<IResult> RenameAsync(
        Guid id, Guid reasonId, LostReasonInput input, PipelineAdminService admin, PipelineListing listing, CancellationToken ct)
    {
        if (await listing.LostReasonAsync(id, reasonId, ct) is null) return ApiProblems.NotFound(What);
        var saved = await admin.RenameLostReasonAsync(reasonId, input.ToForm(), ct);
        if (!saved.Succeeded) return PipelineEndpoints.Refused(saved, What);
        return await listing.LostReasonAsync(id, reasonId, ct) is { } reason ? Results.Ok(reason) : ApiProblems.NotFound(What);
    }

    private static async Task<IResult> DeleteAsync(Guid id, Guid reasonId, PipelineAdminService admin, PipelineListing listing, CancellationToken ct)
    {
        if (await listing.LostReasonAsync(id, reasonId, ct) is null) return ApiProblems.NotFound(What);
        var deleted = await admin.DeleteLostReasonAsync(reasonId, ct);
        return deleted.Succeeded ? Results.NoContent() : PipelineEndpoints.Refused(deleted, What);
    }
}
