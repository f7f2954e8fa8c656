using System.Text.Json;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Api;

/// <summary>
/// The API's failures as RFC 9457 problem details, from the same outcomes the pages show: a field error
/// is a 422 with per-field errors (named as the JSON names them), a value another record holds a 409
/// naming that record, a record changed since the version the client sent a 412, a record that is not
/// the key's tenant's (or is gone) a 404.
/// </summary>
public static class ApiProblems
{
    public static Task Write(HttpContext http, int status, string title, string detail) =>
        Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(http);

    public static IResult NotFound(string what) =>
        Results.Problem($"There is no {what} with this id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) => errors is null
        ? Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request")
        : Results.ValidationProblem(errors, detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    /// <summary>Why a write was refused; call only when it did not succeed.</summary>
    public static IResult Refused<TCurrent>(SaveResult<TCurrent> result, string what) where TCurrent : class =>
        result switch
        {
            { Conflict: true } => Results.Problem(
                $"This {what} was changed since the version you sent. Read it again (GET) and send its new ETag in If-Match.",
                statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed"),
            _ => Refused((SaveResult)new(result.Id, result.Errors, result.Problem, result.ExistingId, result.IsGone), what),
        };

    public static IResult Refused(SaveResult result, string what) => result switch
    {
        { IsGone: true } => NotFound(what),
        { ExistingId: { } existing } => Results.Problem(
            result.Errors.Values.FirstOrDefault() ?? result.Problem, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
            extensions: new Dictionary<string, object?> { ["errors"] = FieldErrors(result.Errors), ["existingId"] = existing }),
        { Errors.Count: > 0 } => Results.ValidationProblem(FieldErrors(result.Errors),
            "Some values are not valid; see errors.", statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid values"),
        _ => Results.Problem(result.Problem, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Refused"),
    };

    /// <summary>Field errors keyed by the JSON name of the field (the forms name them by property: FirstName → firstName).</summary>
    public static Dictionary<string, string[]> FieldErrors(IReadOnlyDictionary<string, string> errors) =>
        errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value });
}
