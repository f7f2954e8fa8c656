using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Contacts;

namespace CrmBlazor.Features.Api.Contacts;

/// <summary>POST /api/v1/contacts/bulk: up to 1,000 contacts created all or none, by the form's rules (ContactService.CreateManyAsync).</summary>
public static class ContactBulkEndpoints
{
    public static void MapContactBulk(this RouteGroupBuilder api) =>
        api.MapPost("/contacts/bulk", CreateManyAsync).RequireScope(ApiRecords.Contacts, ApiAccess.Write).WithTags("Contacts")
            .WithName("CreateContacts")
            .WithSummary("Create up to 1,000 contacts")
            .WithDescription("All or none: each record as for a single create, an email given twice in the request or held by a live contact refuses the call, and so does a rule only the database knows (a deleted company, an unknown tag). The problem names the first refused record in `index` and its errors as `records[i].field`. Answers with the contacts in the order sent.")
            .WithRequestExample(ContactBulkExamples.Input)
            .Produces<BulkResponse<ContactResource>>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, ContactBulkExamples.Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status409Conflict, ContactBulkExamples.HeldEmail)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ContactBulkExamples.EmailTwice);

    private static async Task<IResult> CreateManyAsync(
        BulkRequest<ContactInput?> request, ContactService contacts, ContactListing listing, CancellationToken ct)
    {
        if (ApiBulk.RefuseSize(request) is { } size) return size;
        // A null record is an empty one: it is refused by the form's rules, with its place, like any other.
        var saved = await contacts.CreateManyAsync([.. request.Records.Select(r => (r ?? new()).ToForm())], ct);
        if (!saved.Succeeded) return ApiBulk.Refused(saved, "contact");
        return Results.Created((string?)null, new BulkResponse<ContactResource>(await listing.GetManyAsync(saved.Ids, ct)));
    }
}
