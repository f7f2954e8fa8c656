using CrmBlazor.Features.Contacts;

namespace CrmBlazor.Features.Api.Contacts;

/// <summary>POST /api/v1/contacts/bulk: up to 1,000 contacts created all or none, by the form's rules (ContactService.CreateManyAsync).</summary>
public static class ContactBulkEndpoints
{
    public static void MapContactBulk(this RouteGroupBuilder api) =>
        api.MapPost("/contacts/bulk", CreateManyAsync).RequireScope(ApiRecords.Contacts, ApiAccess.Write);

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
