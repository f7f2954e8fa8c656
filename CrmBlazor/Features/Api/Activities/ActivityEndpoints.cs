using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Api.Activities;

/// <summary>/api/v1/activities: the pages' ActivityService for every write, so the activity dialog's rules are the API's.</summary>
public static class ActivityEndpoints
{
    private const string What = "activity";

    public static void MapActivities(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/activities").RequireScope(ApiRecords.Activities, ApiAccess.Read).WithTags("Activities");
        read.MapGet("/", ListAsync).WithName("ListActivities")
            .WithSummary("List activities")
            .WithDescription("Oldest first unless `sort` says otherwise. `done=false` lists open tasks, `done=true` done tasks and logged activities; `dueFrom` and `dueTo` are inclusive. Filters combine.")
            .Produces<ApiPage<ActivityResource>>().WithResponseExample(StatusCodes.Status200OK, ActivityExamples.Page)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        read.MapGet("/{id:guid}", GetAsync).WithName("GetActivity")
            .WithSummary("Get an activity")
            .WithDescription("The ETag header is the activity's version, to send in If-Match when changing it.")
            .Produces<ActivityResource>().WithResponseExample(StatusCodes.Status200OK, ActivityExamples.Call)
            .ProducesProblems(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/activities").RequireScope(ApiRecords.Activities, ApiAccess.Write).WithTags("Activities");
        write.MapPost("/", CreateAsync).WithName("CreateActivity")
            .WithSummary("Log an activity or add a task")
            .WithDescription("The activity dialog's rules apply: a task has a due date and no outcome, a call or meeting an outcome of its own list, the company agrees with the deal's and the contact's. A logged activity happened now unless `happenedAt` says when. Answers with the activity, its Location and its ETag.")
            .WithRequestExample(ActivityExamples.Input)
            .Produces<ActivityResource>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, ActivityExamples.Call)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ActivityExamples.InvalidValues);
        write.MapPost("/bulk", CreateManyAsync).WithName("CreateActivities")
            .WithSummary("Create up to 1,000 activities at once")
            .WithDescription("All or none: one refused record saves nothing, and the problem names its place in `index` and its fields as `records[i].field`. Answers with the activities in the order sent.")
            .WithRequestExample(ActivityExamples.BulkInput)
            .Produces<BulkResponse<ActivityResource>>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, ActivityExamples.BulkCreated)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ActivityExamples.BulkRefused);
        write.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateActivity")
            .WithSummary("Replace an activity's values")
            .WithDescription("Send every field: one left out is cleared. The type stays what it was created as. Needs the ETag from GET in If-Match.")
            .WithRequestExample(ActivityExamples.Input)
            .Produces<ActivityResource>().WithResponseExample(StatusCodes.Status200OK, ActivityExamples.Call)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);
        write.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteActivity")
            .WithSummary("Delete an activity")
            .WithDescription("Moves it to the trash, where it can be restored for 30 days.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
        write.MapActivityCompletion();
    }

    private static async Task<IResult> ListAsync(
        ActivityListing listing, Guid? contactId, Guid? dealId, Guid? companyId, string? type, bool? done,
        DateTimeOffset? dueFrom, DateTimeOffset? dueTo, DateTimeOffset? updatedSince, string? sort, string? cursor, int? limit,
        CancellationToken ct)
    {
        if (!ApiCursor.TryParse(cursor, out var after)) return ApiProblems.BadRequest(ApiCursor.Invalid);
        if (!RecordKeyset.TryParseOrder(sort, out var order)) return ApiProblems.BadRequest(RecordKeyset.InvalidOrder);
        if (type is not null && !Activity.Types.Contains(type))
            return ApiProblems.BadRequest($"type is one of {string.Join(", ", Activity.Types)}.");
        var filters = new ActivityListing.Filters(contactId, dealId, companyId, type, done, dueFrom, dueTo, updatedSince);
        return Results.Ok(await listing.PageAsync(filters, order, after, ApiLimit.Of(limit), ct));
    }

    private static async Task<IResult> GetAsync(Guid id, ActivityListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is not { } activity) return ApiProblems.NotFound(What);
        ApiVersion.Tag(http, activity.Version);
        return Results.Ok(activity);
    }

    private static async Task<IResult> CreateAsync(
        ActivityInput input, ActivityService activities, ActivityListing listing, HttpContext http, CancellationToken ct)
    {
        var saved = await CreateRecordsAsync([input], activities, ct);
        if (!saved.Succeeded) return ApiProblems.Refused(saved.Refusal!, What);
        var activity = (await listing.GetAsync(saved.Ids[0], ct))!;
        ApiVersion.Tag(http, activity.Version);
        return Results.Created($"{ApiRoutes.Prefix}/activities/{activity.Id}", activity);
    }

    private static async Task<IResult> CreateManyAsync(
        BulkRequest<ActivityInput?> request, ActivityService activities, ActivityListing listing, CancellationToken ct)
    {
        if (ApiBulk.RefuseSize(request) is { } tooMany) return tooMany;
        // A null record is an empty one: refused for its missing type, with its place, like any other.
        var saved = await CreateRecordsAsync([.. request.Records.Select(r => r ?? new())], activities, ct);
        if (!saved.Succeeded) return ApiBulk.Refused(saved, "activity");
        return Results.Created((string?)null, new BulkResponse<ActivityResource>(await listing.GetManyAsync(saved.Ids, ct)));
    }

    /// <summary>One create for one or many: the service's single create answers without the new id, which the API returns.</summary>
    private static async Task<BulkSaveResult> CreateRecordsAsync(IReadOnlyList<ActivityInput> inputs, ActivityService activities, CancellationToken ct)
    {
        // Said here rather than as the form's "field is required": the dialog always has a type.
        var untyped = inputs.Select((input, i) => (input, i)).FirstOrDefault(x => string.IsNullOrWhiteSpace(x.input.Type));
        if (untyped.input is not null)
            return BulkSaveResult.Refused(untyped.i, SaveResult.Invalid(nameof(ActivityForm.Type), ActivityInput.TypeNeeded));
        return await activities.CreateManyAsync(inputs.Select(i => i.ToForm()).ToList(), ct);
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, ActivityInput input, ActivityService activities, ActivityListing listing, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        if (await listing.GetAsync(id, ct) is not { } current) return ApiProblems.NotFound(What);
        if (input.Type is { } type && type != current.Type)
            return ApiProblems.Refused(SaveResult.Invalid(nameof(ActivityForm.Type),
                $"An activity keeps the type it was created with ({current.Type}); delete it and create a {type} instead."), What);
        var errors = await activities.UpdateAsync(id, version!.Value, input.ToForm(), ct);
        if (errors.TryGetValue("", out var whole)) return Refused(whole);
        if (errors.Count > 0) return ApiProblems.Refused(SaveResult.Invalid(errors), What);
        var activity = (await listing.GetAsync(id, ct))!;
        ApiVersion.Tag(http, activity.Version);
        return Results.Ok(activity);
    }

    /// <summary>The service's refusal of a whole write (field "") as its problem: gone a 404, changed meanwhile a 412, any other rule a 422.</summary>
    internal static IResult Refused(string whole) => whole switch
    {
        ActivityService.ChangedBySomeoneElse => Results.Problem(
            "This activity was changed since the version you sent. Read it again (GET) and send its new ETag in If-Match.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed"),
        ActivityService.Gone => ApiProblems.NotFound(What),
        _ => ApiProblems.Refused(SaveResult.Refused(whole), What),
    };

    private static async Task<IResult> DeleteAsync(Guid id, ActivityService activities, ActivityListing listing, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound(What);
        await activities.DeleteAsync(id, ct);
        return Results.NoContent();
    }
}
