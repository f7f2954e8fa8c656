using CrmBlazor.Features.Security;
using Scalar.AspNetCore;

namespace CrmBlazor.Features.Api.Docs;

/// <summary>
/// The API's OpenAPI document at /openapi/v1.json (the /api/v1 endpoints only) and its browsable
/// reference at /api/docs. Both are public, like any product's API reference: they describe the API and
/// hold no data. The reference is Scalar, served from the package itself (scalar.js is embedded in it),
/// so it works where there is no internet, under the same Content-Security-Policy as every page.
/// </summary>
public static class ApiDocsRegistration
{
    public const string Document = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/docs";

    public static void AddCrmApiDocs(this WebApplicationBuilder builder) =>
        builder.Services.AddOpenApi(Document, options =>
        {
            options.ShouldInclude = description => $"/{description.RelativePath}".StartsWith($"{ApiRoutes.Prefix}/", StringComparison.Ordinal)
                || $"/{description.RelativePath}" == ApiRoutes.Prefix;
            options.AddDocumentTransformer<ApiDocumentDocs>();
            options.AddOperationTransformer<ApiOperationDocs>();
            options.AddSchemaTransformer<UtcTimeSchema>();
        });

    public static void MapCrmApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(ReferencePath, (options, http) =>
        {
            var nonce = http.RequestServices.GetRequiredService<CspNonce>().Value;
            // Zod, inside scalar.js, probes for eval with Function('') unless told it runs jitless (its setting for
            // CSP pages): told so before the bundle loads, it never tries, and script-src needs no 'unsafe-eval'.
            options.HeadContent = $"<script nonce=\"{nonce}\">globalThis.__zod_globalConfig = {{ jitless: true }};</script>";
            options.WithTitle("CrmBlazor API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .AddDocument(Document)
                // Scalar's defaults fetch fonts from its CDN and count "try it" calls on its servers; neither leaves this host.
                .DisableDefaultFonts()
                .DisableTelemetry()
                .AddPreferredSecuritySchemes(ApiDocumentDocs.SchemeName)
                // The page's inline start-up script carries this response's CSP nonce, so script-src needs no relaxing.
                .WithNonce(nonce);
        });
    }
}
