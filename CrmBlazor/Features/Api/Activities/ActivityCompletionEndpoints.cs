using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Api.Docs;

namespace CrmBlazor.Features.Api.Activities;

/// <summary>
/// /api/v1/activities/{id}/complete and /reopen: a task marked done or not done again, as its menu in the app
/// does (ActivityService.SetCompletedAsync), on the version the client read.
/// </summary>
public static class ActivityCompletionEndpoints
{
    public static void MapActivityCompletion(this RouteGroupBuilder write)
    {
        write.MapPost("/{id:guid}/complete", (Guid id, ActivityService activities, ActivityListing listing, HttpContext http, CancellationToken ct) =>
                SetCompletedAsync(id, true, activities, listing, http, ct))
            .WithName("CompleteActivity")
            .WithSummary("Mark a task done")
            .WithDescription("Only a task; a logged call, email, meeting or note is done already. A task done before keeps when it was done. Needs the task's ETag in If-Match.")
            .Produces<ActivityResource>().WithResponseExample(StatusCodes.Status200OK, ActivityExamples.DoneTask)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status428PreconditionRequired)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ActivityExamples.NotATask);
        write.MapPost("/{id:guid}/reopen", (Guid id, ActivityService activities, ActivityListing listing, HttpContext http, CancellationToken ct) =>
                SetCompletedAsync(id, false, activities, listing, http, ct))
            .WithName("ReopenActivity")
            .WithSummary("Reopen a done task")
            .WithDescription("Only a task: it is open again, due when it was. Needs the task's ETag in If-Match.")
            .Produces<ActivityResource>().WithResponseExample(StatusCodes.Status200OK, ActivityExamples.Task)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status428PreconditionRequired)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ActivityExamples.NotATask);
    }

    private static async Task<IResult> SetCompletedAsync(
        Guid id, bool completed, ActivityService activities, ActivityListing listing, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        var errors = await activities.SetCompletedAsync(id, version!.Value, completed, ct);
        if (errors.TryGetValue("", out var whole)) return ActivityEndpoints.Refused(whole);
        // Deleted the moment after: the change was made, but there is no task left to show.
        if (await listing.GetAsync(id, ct) is not { } task) return ApiProblems.NotFound("activity");
        ApiVersion.Tag(http, task.Version);
        return Results.Ok(task);
    }
}
