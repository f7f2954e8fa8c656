using System.ComponentModel;
using CrmBlazor.Features.Api.Docs;
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

    /// <summary>Not the records' search (ApiOperationDocs' wording for q): a tenant's tags are few, so a plain filter on the name.</summary>
    private const string SearchMeaning = "Only tags whose name contains this text, ignoring case.";

    public static void MapTags(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/tags").RequireScope(ApiRecords.Tags, ApiAccess.Read).WithTags("Tags");
        read.MapGet("/", ListAsync).WithName("ListTags")
            .WithSummary("List tags")
            .WithDescription("Oldest first unless `sort` says otherwise; with `q`, only the tags whose name contains it.")
            .Produces<ApiPage<TagResource>>().WithResponseExample(StatusCodes.Status200OK, TagExamples.Page)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        read.MapGet("/{id:guid}", GetAsync).WithName("GetTag")
            .WithSummary("Get a tag")
            .WithDescription("The ETag header is the tag's version, to send in If-Match when updating it.")
            .Produces<TagResource>().WithResponseExample(StatusCodes.Status200OK, TagExamples.Tag)
            .ProducesProblems(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/tags").RequireScope(ApiRecords.Tags, ApiAccess.Write).WithTags("Tags");
        write.MapPost("/", CreateAsync).WithName("CreateTag")
            .WithSummary("Create a tag")
            .WithDescription("Only a key made by an Owner or Admin (403 otherwise). A name another tag has, ignoring case, is a 409; the color is #RRGGBB, grey when left out. Answers with the tag, its Location and its ETag.")
            .WithRequestExample(TagExamples.Input)
            .Produces<TagResource>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, TagExamples.Tag)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status409Conflict, TagExamples.DuplicateName)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, TagExamples.InvalidValues);
        write.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateTag")
            .WithSummary("Rename or recolor a tag")
            .WithDescription("Only a key made by an Owner or Admin. Send both fields: a color left out is grey again. Needs the ETag from GET in If-Match.")
            .WithRequestExample(TagExamples.Input)
            .Produces<TagResource>().WithResponseExample(StatusCodes.Status200OK, TagExamples.Tag)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);
        write.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteTag")
            .WithSummary("Delete a tag")
            .WithDescription("Only a key made by an Owner or Admin. Deletes it for good and takes it off its contacts, companies and deals: tags have no trash.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(
        TagListing listing, [Description(SearchMeaning)] string? q, string? sort, string? cursor, int? limit, CancellationToken ct)
    {
        if (!ApiCursor.TryParse(cursor, out var after) || after.Skip > 0) return ApiProblems.BadRequest(ApiCursor.Invalid);
        if (!RecordKeyset.TryParseOrder(sort, out var order)) return ApiProblems.BadRequest(RecordKeyset.InvalidOrder);
        return Results.Ok(await listing.PageAsync(q, order, after, ApiLimit.Of(limit), ct));
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
