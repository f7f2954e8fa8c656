using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Contacts;

namespace CrmBlazor.Features.Api.Contacts;

/// <summary>/api/v1/contacts: the pages' ContactService for every write, so the form's rules are the API's.</summary>
public static class ContactEndpoints
{
    private const string What = "contact";

    public static void MapContacts(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/contacts").RequireScope(ApiRecords.Contacts, ApiAccess.Read).WithTags("Contacts");
        read.MapGet("/", ListAsync).WithName("ListContacts")
            .WithSummary("List contacts")
            .WithDescription("Oldest first unless `sort` says otherwise. With `q`, the app's own search (accents and case ignored, typos forgiven), best match first. Filters combine.")
            .Produces<ApiPage<ContactResource>>().WithResponseExample(StatusCodes.Status200OK, ContactExamples.Page)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        read.MapGet("/{id:guid}", GetAsync).WithName("GetContact")
            .WithSummary("Get a contact")
            .WithDescription("The ETag header is the contact's version, to send in If-Match when updating it.")
            .Produces<ContactResource>().WithResponseExample(StatusCodes.Status200OK, ContactExamples.Contact)
            .ProducesProblems(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/contacts").RequireScope(ApiRecords.Contacts, ApiAccess.Write).WithTags("Contacts");
        write.MapPost("/", CreateAsync).WithName("CreateContact")
            .WithSummary("Create a contact")
            .WithDescription("The form's rules apply: a last name, a valid and unique email. Answers with the contact, its Location and its ETag.")
            .WithRequestExample(ContactExamples.Input)
            .Produces<ContactResource>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, ContactExamples.Contact)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status409Conflict, ContactExamples.DuplicateEmail)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ContactExamples.InvalidValues);
        write.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateContact")
            .WithSummary("Replace a contact's values")
            .WithDescription("Send every field: one left out is cleared, as an emptied field in the form is. Needs the ETag from GET in If-Match.")
            .WithRequestExample(ContactExamples.Input)
            .Produces<ContactResource>().WithResponseExample(StatusCodes.Status200OK, ContactExamples.Contact)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);
        write.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteContact")
            .WithSummary("Delete a contact")
            .WithDescription("Moves it to the trash, where it can be restored for 30 days.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
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
