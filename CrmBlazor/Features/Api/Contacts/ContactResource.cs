using CrmBlazor.Features.Contacts;

namespace CrmBlazor.Features.Api.Contacts;

/// <summary>A contact as the API returns it. <c>version</c> is also its ETag.</summary>
public sealed record ContactResource(
    Guid Id, string? FirstName, string? LastName, string? Email, string? Phone, string? JobTitle, string? Notes,
    Guid? CompanyId, Guid? OwnerId, IReadOnlyList<Guid> TagIds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version);

/// <summary>
/// A contact as a client sends it, to create one or to replace one's values (PUT: a field left out is
/// cleared, as an emptied field in the form is). The same rules as the form apply: they are its rules.
/// </summary>
public sealed record ContactInput(
    string? FirstName = null, string? LastName = null, string? Email = null, string? Phone = null, string? JobTitle = null,
    string? Notes = null, Guid? CompanyId = null, Guid? OwnerId = null, IReadOnlyList<Guid>? TagIds = null)
{
    public ContactForm ToForm(uint? version = null) => new()
    {
        FirstName = FirstName, LastName = LastName, Email = Email, Phone = Phone, JobTitle = JobTitle, Notes = Notes,
        CompanyId = CompanyId, OwnerId = OwnerId, TagIds = TagIds ?? [], Version = version,
    };
}
