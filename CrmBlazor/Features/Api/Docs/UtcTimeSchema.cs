using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CrmBlazor.Features.Api.Docs;

/// <summary>
/// Times are strings: the schema exporter cannot see through the API's own converter (<see cref="UtcTimeConverter"/>)
/// and would leave a time's schema without a type, only its date-time format.
/// </summary>
internal sealed class UtcTimeSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset)) schema.Type = JsonSchemaType.String;
        else if (type == typeof(DateTimeOffset?)) schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
        return Task.CompletedTask;
    }
}
