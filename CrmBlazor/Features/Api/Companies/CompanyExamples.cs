using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Companies;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Companies;

/// <summary>The companies endpoints' example bodies in the reference (/api/docs); the document check keeps them as served.</summary>
public static class CompanyExamples
{
    private static readonly Guid Id = Guid.Parse("6d0e2f51-8c3a-4b7e-a1f2-9e4c5b6a7d80");
    private static readonly Guid SecondId = Guid.Parse("6d0e2f51-8c3a-4b7e-a1f2-9e4c5b6a7d81");
    private static readonly Guid OwnerId = Guid.Parse("1f7c9a20-3b4d-4e5f-8a6b-7c8d9e0f1a2b");
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    public static readonly CompanyInput Input = new(
        Name: "Analytical Engines Ltd", Domain: "analytical.example", Website: "https://analytical.example", Industry: "Machinery",
        Phone: "+44 20 7946 0018", AddressLine: "12 Marylebone Road", City: "London", PostalCode: "NW1 5LR", Country: "United Kingdom",
        OwnerId: OwnerId, Roles: [CompanyRole.Customer]);

    public static readonly CompanyResource Company = new(
        Id, "Analytical Engines Ltd", "analytical.example", "https://analytical.example", "Machinery", "+44 20 7946 0018",
        "12 Marylebone Road", "London", null, "NW1 5LR", "United Kingdom", OwnerId, [CompanyRole.Customer], Created, Created.AddHours(3), 73125);

    public static readonly ApiPage<CompanyResource> Page = new([Company], ApiCursor.AfterRow(Company.CreatedAt, Company.Id));

    public static readonly BulkRequest<CompanyInput?> BulkInput = new(
        [Input, new CompanyInput(Name: "Difference Works", Domain: "difference.example", Roles: [CompanyRole.Prospect])]);

    public static readonly BulkResponse<CompanyResource> BulkCreated = new(
    [
        Company,
        new(SecondId, "Difference Works", "difference.example", null, null, null, null, null, null, null, null, null,
            [CompanyRole.Prospect], Created, Created, 73126),
    ]);

    public static readonly ProblemDetails DuplicateDomain = ProblemExamples.Conflict("domain", CompanyService.DuplicateDomain, Id);

    public static readonly HttpValidationProblemDetails InvalidValues =
        ProblemExamples.Invalid(("name", CompanyForm.MissingName), ("website", WebAddress.InvalidWebsite));

    public static readonly ProblemDetails BulkRefused = ProblemExamples.BulkRefused("company", 1, "domain", CompanyService.SameDomainInRequest(0));
}
