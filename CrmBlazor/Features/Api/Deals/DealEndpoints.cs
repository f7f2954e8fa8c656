using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Deals;

namespace CrmBlazor.Features.Api.Deals;

/// <summary>/api/v1/deals: the pages' DealService for every write, so the deal form's rules are the API's.</summary>
public static class DealEndpoints
{
    private const string What = "deal";

    public static void MapDeals(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/deals").RequireScope(ApiRecords.Deals, ApiAccess.Read).WithTags("Deals");
        read.MapGet("/", ListAsync).WithName("ListDeals")
            .WithSummary("List deals")
            .WithDescription("Oldest first unless `sort` says otherwise. With `q`, the app's own search (title and company, typos forgiven), best match first. `status` is open, won or lost (the stage's kind). Filters combine.")
            .Produces<ApiPage<DealResource>>().WithResponseExample(StatusCodes.Status200OK, DealExamples.Page)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        read.MapGet("/{id:guid}", GetAsync).WithName("GetDeal")
            .WithSummary("Get a deal")
            .WithDescription("The ETag header is the deal's version, to send in If-Match when updating or moving it.")
            .Produces<DealResource>().WithResponseExample(StatusCodes.Status200OK, DealExamples.Deal)
            .ProducesProblems(StatusCodes.Status404NotFound);
        read.MapGet("/{id:guid}/moves", DealMoveEndpoints.HistoryAsync).WithName("ListDealMoves")
            .WithSummary("List a deal's stage moves")
            .WithDescription("The stages the deal entered, the latest first, as its page's history shows them; `fromStage` is null where it was created. One page.")
            .Produces<ApiPage<DealStageEntry>>().WithResponseExample(StatusCodes.Status200OK, DealExamples.Moves)
            .ProducesProblems(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/deals").RequireScope(ApiRecords.Deals, ApiAccess.Write).WithTags("Deals");
        write.MapPost("/", CreateAsync).WithName("CreateDeal")
            .WithSummary("Create a deal")
            .WithDescription("The deal form's rules apply. No pipeline: the stage's, else the default; no stage: the pipeline's first open one; no probability: the stage's. Answers with the deal, its Location and its ETag.")
            .WithRequestExample(DealExamples.Input)
            .Produces<DealResource>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, DealExamples.Deal)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, DealExamples.InvalidValues);
        write.MapPost("/bulk", CreateManyAsync).WithName("CreateDeals")
            .WithSummary("Create up to 1,000 deals at once")
            .WithDescription("All or none: one refused record saves nothing, and the problem names its place in `index` and its fields as `records[i].field`. Answers with the deals in the order sent.")
            .WithRequestExample(DealExamples.BulkInput)
            .Produces<BulkResponse<DealResource>>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, DealExamples.BulkCreated)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, DealExamples.BulkRefused);
        write.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateDeal")
            .WithSummary("Replace a deal's values")
            .WithDescription("Send every field: one left out is cleared, as an emptied field in the form is (no stage keeps the deal's own). Needs the ETag from GET in If-Match.")
            .WithRequestExample(DealExamples.Input)
            .Produces<DealResource>().WithResponseExample(StatusCodes.Status200OK, DealExamples.Deal)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);
        write.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteDeal")
            .WithSummary("Delete a deal")
            .WithDescription("Moves it to the trash, where it can be restored for 30 days.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
        write.MapPost("/{id:guid}/moves", DealMoveEndpoints.MoveAsync).WithName("MoveDeal")
            .WithSummary("Move a deal to another stage")
            .WithDescription("As a drag on the board, to the bottom of that column: into a won or lost stage it closes, and into a lost one it needs `lostReasonId` (one of the pipeline's listed reasons) or `lostNote`. Needs the deal's ETag in If-Match.")
            .WithRequestExample(DealExamples.LostMove)
            .Produces<DealResource>().WithResponseExample(StatusCodes.Status200OK, DealExamples.Lost)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, DealExamples.LostReasonNeeded);
    }

    private static async Task<IResult> ListAsync(
        DealListing listing, string? q, Guid? pipelineId, Guid? stageId, Guid? ownerId, Guid? companyId, Guid? contactId,
        string? status, DateTimeOffset? updatedSince, string? sort, string? cursor, int? limit, CancellationToken ct)
    {
        if (!ApiCursor.TryParse(cursor, out var after)) return ApiProblems.BadRequest(ApiCursor.Invalid);
        if (!RecordKeyset.TryParseOrder(sort, out var order)) return ApiProblems.BadRequest(RecordKeyset.InvalidOrder);
        DealStatus? kind = null;
        if (status is not null)
        {
            if (!Enum.TryParse<DealStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(status[0]))
                return ApiProblems.BadRequest("status is one of open, won, lost.");
            kind = parsed;
        }
        var filters = new DealListing.Filters(q, pipelineId, stageId, ownerId, companyId, contactId, kind, updatedSince);
        return Results.Ok(await listing.PageAsync(filters, order, after, ApiLimit.Of(limit), ct));
    }

    private static async Task<IResult> GetAsync(Guid id, DealListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is not { } deal) return ApiProblems.NotFound(What);
        ApiVersion.Tag(http, deal.Version);
        return Results.Ok(deal);
    }

    private static async Task<IResult> CreateAsync(DealInput input, DealService deals, DealListing listing, HttpContext http, CancellationToken ct)
    {
        var saved = await deals.CreateAsync(input.ToForm(), ct);
        if (!saved.Succeeded) return ApiProblems.Refused(saved, What);
        var deal = (await listing.GetAsync(saved.Id!.Value, ct))!;
        ApiVersion.Tag(http, deal.Version);
        return Results.Created($"{ApiRoutes.Prefix}/deals/{deal.Id}", deal);
    }

    private static async Task<IResult> CreateManyAsync(BulkRequest<DealInput?> request, DealService deals, DealListing listing, CancellationToken ct)
    {
        if (ApiBulk.RefuseSize(request) is { } tooMany) return tooMany;
        // A null record is an empty one: refused by the form's rules, with its place, like any other.
        var saved = await deals.CreateManyAsync(request.Records.Select(r => (r ?? new()).ToForm()).ToList(), ct);
        if (!saved.Succeeded) return ApiBulk.Refused(saved, "deal");
        return Results.Created((string?)null, new BulkResponse<DealResource>(await listing.GetManyAsync(saved.Ids, ct)));
    }

    private static async Task<IResult> UpdateAsync(Guid id, DealInput input, DealService deals, DealListing listing, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound(What);
        var saved = await deals.UpdateAsync(id, input.ToForm(version), ct);
        if (!saved.Succeeded) return ApiProblems.Refused(saved, What);
        var deal = (await listing.GetAsync(id, ct))!;
        ApiVersion.Tag(http, deal.Version);
        return Results.Ok(deal);
    }

    private static async Task<IResult> DeleteAsync(Guid id, DealService deals, CancellationToken ct) =>
        await deals.DeleteAsync(id, ct) ? Results.NoContent() : ApiProblems.NotFound(What);
}
