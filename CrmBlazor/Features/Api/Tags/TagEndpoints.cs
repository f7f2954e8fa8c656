using CrmBlazor.Features.Shared;
using CrmBlazor.Features.Tags;

namespace CrmBlazor.Features.Api.Tags;

/// <summary>
/// /api/v1/tags: the Tags page's TagService for every write, so its rules apply (Owners and Admins only, a
/// name once per tenant ignoring case). A delete is for good, as on the page: tags have no trash.
/// </summary>
public static class TagEndpoints
{
    private const string What = "tag";

    public static void MapTags(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/tags").RequireScope(ApiRecords.Tags, ApiAccess.Read);
        read.MapGet("/", ListAsync);
        read.MapGet("/{id:guid}", GetAsync);

        var write = api.MapGroup("/tags").RequireScope(ApiRecords.Tags, ApiAccess.Write);
        write.MapPost("/", CreateAsync);
        write.MapPut("/{id:guid}", UpdateAsync);
        write.MapDelete("/{id:guid}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(TagListing listing, string? sort, string? cursor, int? limit, CancellationToken ct)
    {
        if (!ApiCursor.TryParse(cursor, out var after) || after.Skip > 0) return ApiProblems.BadRequest(ApiCursor.Invalid);
        if (!RecordKeyset.TryParseOrder(sort, out var order)) return ApiProblems.BadRequest(RecordKeyset.InvalidOrder);
        return Results.Ok(await listing.PageAsync(order, after, ApiLimit.Of(limit), ct));
    }

    private static async Task<IResult> GetAsync(Guid id, TagListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is not { } tag) return ApiProblems.NotFound(What);
        ApiVersion.Tag(http, tag.Version);
        return Results.Ok(tag);
    }

    private static async Task<IResult> CreateAsync(TagInput input, TagService tags, TagListing listing, HttpContext http, CancellationToken ct)
    {
        var saved = await tags.CreateAsync(input.ToForm(), ct);
        if (!saved.Succeeded) return ApiProblems.Refused(saved, What);
        var tag = (await listing.GetAsync(saved.Id!.Value, ct))!;
        ApiVersion.Tag(http, tag.Version);
        return Results.Created($"{ApiRoutes.Prefix}/tags/{tag.Id}", tag);
    }

    private static async Task<IResult> UpdateAsync(Guid id, TagInput input, TagService tags, TagListing listing, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        if (await listing.GetAsync(id, ct) is not { } current) return ApiProblems.NotFound(What);
        var saved = await tags.UpdateAsync(id, input.ToForm(version), ct);
        if (!saved.Succeeded)
            // TagService says a stale version with this sentence (the Tags dialog shows it); here it is a 412.
            return ApiProblems.Refused(saved.Problem == TagService.ChangedBySomeoneElse ? SaveResult.Changed(current, saved.Problem) : saved, What);
        var tag = (await listing.GetAsync(id, ct))!;
        ApiVersion.Tag(http, tag.Version);
        return Results.Ok(tag);
    }

    private static async Task<IResult> DeleteAsync(Guid id, TagService tags, CancellationToken ct) =>
        await tags.DeleteAsync(id, ct) ? Results.NoContent() : ApiProblems.NotFound(What);
}
