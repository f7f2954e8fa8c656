using CrmBlazor.Features.Contacts;

namespace CrmBlazor.Features.Api.Contacts;

/// <summary>/api/v1/contacts: the pages' ContactService for every write, so the form's rules are the API's.</summary>
public static class ContactEndpoints
{
    private const string What = "contact";

    public static void MapContacts(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/contacts").RequireScope(ApiRecords.Contacts, ApiAccess.Read);
        read.MapGet("/", ListAsync);
        read.MapGet("/{id:guid}", GetAsync);

        var write = api.MapGroup("/contacts").RequireScope(ApiRecords.Contacts, ApiAccess.Write);
        write.MapPost("/", CreateAsync);
        write.MapPut("/{id:guid}", UpdateAsync);
        write.MapDelete("/{id:guid}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(
        ContactListing listing, string? q, Guid? tagId, Guid? ownerId, Guid? companyId, DateTimeOffset? updatedSince,
        string? sort, string? cursor, int? limit, CancellationToken ct)
    {
        if (!ApiCursor.TryParse(cursor, out var after)) return ApiProblems.BadRequest(ApiCursor.Invalid);
        if (!RecordKeyset.TryParseOrder(sort, out var order)) return ApiProblems.BadRequest(RecordKeyset.InvalidOrder);
        var filters = new ContactListing.Filters(q, tagId, ownerId, companyId, updatedSince);
        return Results.Ok(await listing.PageAsync(filters, order, after, ApiLimit.Of(limit), ct));
    }

    private static async Task<IResult> GetAsync(Guid id, ContactListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is not { } contact) return ApiProblems.NotFound(What);
        ApiVersion.Tag(http, contact.Version);
        return Results.Ok(contact);
    }

    private static async Task<IResult> CreateAsync(ContactInput input, ContactService contacts, ContactListing listing, HttpContext http, CancellationToken ct)
    {
        var saved = await contacts.CreateAsync(input.ToForm(), ct);
        if (!saved.Succeeded) return ApiProblems.Refused(saved, What);
        var contact = (await listing.GetAsync(saved.Id!.Value, ct))!;
        ApiVersion.Tag(http, contact.Version);
        return Results.Created($"{ApiRoutes.Prefix}/contacts/{contact.Id}", contact);
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, ContactInput input, ContactService contacts, ContactListing listing, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound(What);
        var saved = await contacts.UpdateAsync(id, input.ToForm(version), ct);
        if (!saved.Succeeded) return ApiProblems.Refused(saved, What);
        var contact = (await listing.GetAsync(id, ct))!;
        ApiVersion.Tag(http, contact.Version);
        return Results.Ok(contact);
    }

    private static async Task<IResult> DeleteAsync(Guid id, ContactService contacts, ContactListing listing, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound(What);
        await contacts.DeleteAsync([id], ct);
        return Results.NoContent();
    }
}
