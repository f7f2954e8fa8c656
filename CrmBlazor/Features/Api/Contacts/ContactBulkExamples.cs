using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Contacts;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Contacts;

/// <summary>The contacts bulk endpoint's example bodies in the reference (/api/docs), built on <see cref="ContactExamples"/>.</summary>
public static class ContactBulkExamples
{
    private static readonly Guid SecondId = Guid.Parse("0b9f6c3e-6a55-4c1e-9a39-2f1b7d3c8e42");
    private static readonly Guid HolderId = Guid.Parse("0b9f6c3e-6a55-4c1e-9a39-2f1b7d3c8e17");

    private static readonly ContactInput Second = new(FirstName: "Charles", LastName: "Babbage", Email: "charles@analytical.example");

    public static readonly BulkRequest<ContactInput?> Input = new([ContactExamples.Input, Second]);

    public static readonly BulkResponse<ContactResource> Created = new(
    [
        ContactExamples.Contact,
        new(SecondId, "Charles", "Babbage", "charles@analytical.example", null, null, null, null, null, [],
            ContactExamples.Contact.CreatedAt, ContactExamples.Contact.CreatedAt, 91843),
    ]);

    public static readonly ProblemDetails HeldEmail = ProblemExamples.BulkRefused("contact", 1, "email", ContactService.DuplicateEmail, HolderId);

    public static readonly ProblemDetails EmailTwice = ProblemExamples.BulkRefused("contact", 1, "email", ContactService.SameEmailInRequest(0));
}
