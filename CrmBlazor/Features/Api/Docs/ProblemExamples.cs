using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Docs;

/// <summary>Example problem bodies shaped as ApiProblems and ApiBulk write them, for the endpoints' XExamples.</summary>
public static class ProblemExamples
{
    private const string UnprocessableType = "https://tools.ietf.org/html/rfc4918#section-11.2";

    /// <summary>A 422 naming one field, as ApiProblems.Refused answers a form's field error.</summary>
    public static HttpValidationProblemDetails Invalid(string field, string sentence) => new(new Dictionary<string, string[]> { [field] = [sentence] })
    {
        Type = UnprocessableType,
        Title = "Invalid values",
        Status = StatusCodes.Status422UnprocessableEntity,
        Detail = "Some values are not valid; see errors.",
    };

    /// <summary>A 422 for a rule of the whole record, naming no field.</summary>
    public static ProblemDetails Refused(string sentence) => new()
    {
        Type = UnprocessableType,
        Title = "Refused",
        Status = StatusCodes.Status422UnprocessableEntity,
        Detail = sentence,
    };

    /// <summary>A bulk create's refusal of the record at <paramref name="index"/> of <paramref name="count"/>, for one field.</summary>
    public static ProblemDetails BulkRefused(int index, int count, string field, string sentence) => new()
    {
        Type = UnprocessableType,
        Title = "Invalid values",
        Status = StatusCodes.Status422UnprocessableEntity,
        Detail = $"Record {index} was refused, so none of the {count} records was saved. {sentence}",
        Extensions =
        {
            ["index"] = index,
            ["errors"] = new Dictionary<string, string[]> { [$"records[{index}].{field}"] = [sentence] },
        },
    };
}
