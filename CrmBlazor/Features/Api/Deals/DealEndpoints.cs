using CrmBlazor.Features.Deals;

namespace CrmBlazor.Features.Api.Deals;

/// <summary>/api/v1/deals: the pages' DealService for every write, so the deal form's rules are the API's.</summary>
public static class DealEndpoints
{
    private const string What = "deal";

    public static void MapDeals(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/deals").RequireScope(ApiRecords.Deals, ApiAccess.Read);
        read.MapGet("/", ListAsync);
        read.MapGet("/{id:guid}", GetAsync);
        read.MapGet("/{id:guid}/moves", DealMoveEndpoints.HistoryAsync);

        var write = api.MapGroup("/deals").RequireScope(ApiRecords.Deals, ApiAccess.Write);
        write.MapPost("/", CreateAsync);
        write.MapPost("/bulk", CreateManyAsync);
        write.MapPut("/{id:guid}", UpdateAsync);
        write.MapDelete("/{id:guid}", DeleteAsync);
        write.MapPost("/{id:guid}/moves", DealMoveEndpoints.MoveAsync);
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

    private static async Task<IResult> CreateManyAsync(BulkRequest<DealInput> request, DealService deals, DealListing listing, CancellationToken ct)
    {
        if (ApiBulk.RefuseSize(request) is { } tooMany) return tooMany;
        var saved = await deals.CreateManyAsync(request.Records.Select(r => r.ToForm()).ToList(), ct);
        if (!saved.Succeeded) return ApiBulk.Refused(saved, $"{request.Records.Count}");
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
