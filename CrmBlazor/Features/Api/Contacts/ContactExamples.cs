using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Contacts;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Contacts;

/// <summary>The contacts endpoints' example bodies in the reference (/api/docs); the document check keeps them as served.</summary>
public static class ContactExamples
{
    private static readonly Guid Id = Guid.Parse("0b9f6c3e-6a55-4c1e-9a39-2f1b7d3c8e41");
    private static readonly Guid CompanyId = Guid.Parse("6d0e2f51-8c3a-4b7e-a1f2-9e4c5b6a7d80");
    private static readonly Guid TagId = Guid.Parse("3c2a1b0f-4e5d-4f6a-8b7c-1d2e3f4a5b6c");
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    public static readonly ContactInput Input = new(
        FirstName: "Ada", LastName: "Lovelace", Email: "ada@analytical.example", Phone: "+44 20 7946 0018",
        JobTitle: "Head of Engineering", CompanyId: CompanyId, TagIds: [TagId]);

    public static readonly ContactResource Contact = new(
        Id, "Ada", "Lovelace", "ada@analytical.example", "+44 20 7946 0018", "Head of Engineering", null,
        CompanyId, null, [TagId], Created, Created.AddHours(3), 91842);

    public static readonly ApiPage<ContactResource> Page = new([Contact], ApiCursor.AfterRow(Contact.CreatedAt, Contact.Id));

    public static readonly ProblemDetails DuplicateEmail = ProblemExamples.Conflict("email", ContactService.DuplicateEmail, Id);

    public static readonly HttpValidationProblemDetails InvalidValues =
        ProblemExamples.Invalid(("email", "Enter a valid email address, like name@example.com."));
}
