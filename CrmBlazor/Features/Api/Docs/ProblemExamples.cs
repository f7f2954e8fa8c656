using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Docs;

/// <summary>
/// Problem bodies for the reference's examples, shaped as <see cref="ApiProblems"/> and <see cref="ApiBulk"/> answer
/// them (the same type, title and extensions), so an endpoint's examples need only its own fields and sentences.
/// </summary>
public static class ProblemExamples
{
    private const string ConflictType = "https://tools.ietf.org/html/rfc9110#section-15.5.10";
    private const string InvalidType = "https://tools.ietf.org/html/rfc4918#section-11.2";

    /// <summary>A value another record holds: a 409 naming the field and the holder.</summary>
    public static ProblemDetails Conflict(string field, string message, Guid existingId) => new()
    {
        Type = ConflictType,
        Title = "Conflict",
        Status = StatusCodes.Status409Conflict,
        Detail = message,
        Extensions = { ["errors"] = Errors(field, message), ["existingId"] = existingId },
    };

    /// <summary>Values that break the form's rules: a 422 with a sentence per field.</summary>
    public static HttpValidationProblemDetails Invalid(params (string Field, string Message)[] errors) =>
        new(errors.ToDictionary(e => e.Field, e => new[] { e.Message }))
        {
            Type = InvalidType,
            Title = "Invalid values",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = "Some values are not valid; see errors.",
        };

    /// <summary>A 422 for a rule of the whole record, naming no field.</summary>
    public static ProblemDetails Refused(string sentence) => new()
    {
        Type = InvalidType,
        Title = "Refused",
        Status = StatusCodes.Status422UnprocessableEntity,
        Detail = sentence,
    };

    /// <summary>A bulk create refused at record <paramref name="index"/>: a 409 when <paramref name="existingId"/> holds the value, else a 422.</summary>
    public static ProblemDetails BulkRefused(string what, int index, string field, string message, Guid? existingId = null)
    {
        var problem = new ProblemDetails
        {
            Type = existingId is null ? InvalidType : ConflictType,
            Title = existingId is null ? "Invalid values" : "Conflict",
            Status = existingId is null ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict,
            Detail = ApiBulk.RefusalDetail(index, what, message),
            Extensions = { ["index"] = index, ["errors"] = Errors($"records[{index}].{field}", message) },
        };
        if (existingId is { } holder) problem.Extensions["existingId"] = holder;
        return problem;
    }

    private static Dictionary<string, string[]> Errors(string field, string message) => new() { [field] = [message] };
}
