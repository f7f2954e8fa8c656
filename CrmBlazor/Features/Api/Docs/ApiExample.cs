namespace CrmBlazor.Features.Api.Docs;

/// <summary>
/// An example body for the reference, kept on the endpoint it shows: the request's (no status) or one
/// response's. <see cref="ApiOperationDocs"/> writes it with the API's own JSON options, so it is
/// camelCase like the real thing.
/// </summary>
public sealed record ApiExample(int? Status, object Value);

/// <summary>What an endpoint adds to say how it is documented: <c>Features/Api/Docs/README.md</c> shows a whole endpoint.</summary>
public static class ApiDocs
{
    /// <summary>An example of the body this endpoint takes.</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExample(null, example));

    /// <summary>An example of the body this endpoint answers <paramref name="status"/> with (declare the response itself with Produces…).</summary>
    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int status, object example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExample(status, example));

    /// <summary>
    /// The refusals this endpoint itself can answer with, each an application/problem+json body. 401, 403 and 429
    /// need no declaring: every /api/v1 call can meet them, so the document adds them to each operation.
    /// </summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            // 400 and 422 name the fields at fault (errors); the others are plain problems.
            if (status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity) builder.ProducesValidationProblem(status);
            else builder.ProducesProblem(status);
        }
        return builder;
    }
}
