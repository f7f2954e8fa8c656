using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Tags;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Tags;

/// <summary>The tags endpoints' example bodies in the reference (/api/docs); the document check keeps them as served.</summary>
public static class TagExamples
{
    private static readonly Guid Id = Guid.Parse("3c2a1b0f-4e5d-4f6a-8b7c-1d2e3f4a5b6c");
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    public static readonly TagInput Input = new(Name: "Partner", Color: "#1976D2");

    public static readonly TagResource Tag = new(Id, "Partner", "#1976D2", Created, Created.AddHours(3), 48213);

    public static readonly ApiPage<TagResource> Page = new([Tag], ApiCursor.AfterRow(Tag.CreatedAt, Tag.Id));

    public static readonly ProblemDetails DuplicateName = ProblemExamples.Conflict("name", TagService.DuplicateName, Id);

    public static readonly HttpValidationProblemDetails InvalidValues = ProblemExamples.Invalid(("color", TagForm.InvalidColor));
}
