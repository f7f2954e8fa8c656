using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CrmBlazor.Features.Api.Docs;

/// <summary>
/// What every /api/v1 operation has in common, added from its endpoint's metadata so that a new endpoint
/// needs no documenting beyond its own summary, responses and examples: the bearer scheme, the scope its
/// RequireScope names, the refusals any call can meet (401, 403, 429), one sentence per problem status,
/// and the examples the endpoint carries, written with the API's JSON options.
/// </summary>
public sealed class ApiOperationDocs(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IOpenApiOperationTransformer
{
    private static readonly int[] EveryCallMayMeet =
        [StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests];

    /// <summary>What each problem status means in this API, in the words of its problem bodies.</summary>
    private static readonly Dictionary<int, string> ProblemMeaning = new()
    {
        [StatusCodes.Status400BadRequest] = "The request could not be read: a malformed parameter, cursor or body, or a field this endpoint does not know.",
        [StatusCodes.Status401Unauthorized] = "No API key, or one that is unknown, revoked, expired, or whose creator is no longer active.",
        [StatusCodes.Status403Forbidden] = "The key lacks the scope this call needs (see `requiredScope`), or its creator's role may not do this.",
        [StatusCodes.Status404NotFound] = "There is no such record in the key's organization (another organization's id is a 404 too).",
        [StatusCodes.Status409Conflict] = "A value another record already holds, such as an email: `errors` names the field, `existingId` the record.",
        [StatusCodes.Status412PreconditionFailed] = "The record changed since the ETag sent in If-Match: read it again and retry with the new ETag.",
        [StatusCodes.Status422UnprocessableEntity] = "Some values break the app's rules: `errors` has a sentence per field.",
        [StatusCodes.Status428PreconditionRequired] = "The update was sent without If-Match: send the record's ETag from GET.",
        [StatusCodes.Status429TooManyRequests] = "The key's rate limit is spent: wait the seconds in Retry-After (RateLimit-* headers show the budget).",
    };

    /// <summary>The query parameters every list shares, described once here rather than on each endpoint.</summary>
    private static readonly Dictionary<string, string> ParameterMeaning = new()
    {
        ["q"] = "Search as the app's search box does: accents and case ignored, typos forgiven, best match first.",
        ["cursor"] = "Where the page starts: the previous page's `nextCursor`, unchanged. Leave out for the first page.",
        ["limit"] = $"How many records a page holds: {ApiLimit.Default} unless given, at most {ApiLimit.Max}.",
        ["sort"] = "The order of the list; paging by cursor keeps it.",
        ["updatedSince"] = "Only records changed at or after this time (ISO 8601), for clients that sync.",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentDocs.SchemeName, document)] = [] }];
        if (metadata.OfType<ApiScopeFilter>().Select(f => f.Scope).LastOrDefault() is { } scope)
        {
            var writeToo = scope.EndsWith(":read", StringComparison.Ordinal) ? $" (or `{scope[..^":read".Length]}:write`, which includes it)" : "";
            operation.Description = Join(operation.Description, $"Needs an API key with the scope `{scope}`{writeToo}.");
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-required-scope"] = new JsonNodeExtension(JsonValue.Create(scope));
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            if (parameter.In == ParameterLocation.Query && string.IsNullOrEmpty(parameter.Description)
                && ParameterMeaning.TryGetValue(parameter.Name ?? "", out var meaning))
                parameter.Description = meaning;

        operation.Responses ??= new OpenApiResponses();
        // An endpoint that can answer 428 reads If-Match itself (ApiVersion), so the generator cannot see the header.
        if (operation.Responses.ContainsKey("428"))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The record's ETag as GET (or the last write) returned it, like \"12345\".",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        foreach (var status in EveryCallMayMeet)
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key)) continue;
            var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
            document.AddComponent(nameof(ProblemDetails), schema);
            operation.Responses[key] = new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
                },
            };
        }
        foreach (var (key, response) in operation.Responses)
            if (response is OpenApiResponse concrete && int.TryParse(key, CultureInfo.InvariantCulture, out var status)
                && ProblemMeaning.TryGetValue(status, out var problem))
                concrete.Description = problem;

        foreach (var example in metadata.OfType<ApiExample>())
        {
            var node = JsonSerializer.SerializeToNode(example.Value, json.Value.SerializerOptions);
            var content = example.Status is { } status
                ? operation.Responses.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture))?.Content
                : operation.RequestBody?.Content;
            if (content is null || content.Count == 0)
                throw new InvalidOperationException(
                    $"{context.Description.RelativePath}: an example for {(example.Status?.ToString(CultureInfo.InvariantCulture) ?? "the request")}, which the endpoint does not declare.");
            foreach (var media in content.Values) media.Example = node;
        }
    }

    private static string Join(string? first, string second) => string.IsNullOrEmpty(first) ? second : $"{first}\n\n{second}";
}
