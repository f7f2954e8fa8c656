using CrmBlazor.Features.Companies;

namespace CrmBlazor.Features.Api.Companies;

/// <summary>A company as the API returns it. <c>roles</c> are what the company is to us; <c>version</c> is also its ETag.</summary>
public sealed record CompanyResource(
    Guid Id, string Name, string? Domain, string? Website, string? Industry, string? Phone, string? AddressLine, string? City,
    string? Region, string? PostalCode, string? Country, Guid? OwnerId, IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version);

/// <summary>
/// A company as a client sends it, to create one or to replace one's values (PUT: a field left out is
/// cleared, as an emptied field in the form is). The form's rules apply: a website gets https://, a
/// domain typed as an address becomes its host, a domain another live company holds is a 409.
/// </summary>
public sealed record CompanyInput(
    string? Name = null, string? Domain = null, string? Website = null, string? Industry = null, string? Phone = null,
    string? AddressLine = null, string? City = null, string? Region = null, string? PostalCode = null, string? Country = null,
    Guid? OwnerId = null, IReadOnlyList<string>? Roles = null)
{
    public CompanyForm ToForm(uint? version = null) => new()
    {
        Name = Name, Domain = Domain, Website = Website, Industry = Industry, Phone = Phone, AddressLine = AddressLine,
        City = City, Region = Region, PostalCode = PostalCode, Country = Country, OwnerId = OwnerId, Roles = Roles ?? [],
        Version = version,
    };
}
