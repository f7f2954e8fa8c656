using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CrmBlazor.Features.Api.Docs;

/// <summary>
/// The document as a whole: its title and introduction, the bearer scheme every operation names, and no
/// servers (the generator would write the address this request came in on, so the document would differ
/// with each host and port; without servers a client calls the host it read the document from).
/// </summary>
public sealed class ApiDocumentDocs : IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CrmBlazor API",
            Version = "v1",
            Description = """
                Contacts, companies, deals, activities, tags and pipelines of one organization, with the same rules as the app:
                the same validation, the same roles, the same search.

                * JSON in camelCase; a field the endpoint does not know is refused (400), not ignored.
                * Every failure is an RFC 9457 problem (`application/problem+json`); invalid values are a 422 with `errors` per field.
                * Lists are paged by cursor: pass a page's `nextCursor` as `cursor` to get the next one (null on the last page).
                * Updates send the record's `ETag` (from GET) in `If-Match`: 428 without it, 412 when the record changed meanwhile.
                """,
        };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "crm_<prefix>_<secret>",
            Description = """
                An API key, sent as `Authorization: Bearer crm_<prefix>_<secret>` (a 10-character prefix and a 40-character
                secret). Owners and Admins create keys under **Admin → API keys**; the secret is shown once. A key acts as the
                user who created it, within its organization and no further than its scopes (`contacts:read`,
                `contacts:write`, …; write includes read). A missing, unknown, revoked or expired key is a 401.
                """,
        };
        return Task.CompletedTask;
    }
}
