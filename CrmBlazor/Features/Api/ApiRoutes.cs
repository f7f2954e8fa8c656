using CrmBlazor.Features.Api.Activities;
using CrmBlazor.Features.Api.Companies;
using CrmBlazor.Features.Api.Contacts;
using CrmBlazor.Features.Api.Deals;
using CrmBlazor.Features.Api.Pipelines;
using CrmBlazor.Features.Api.Tags;
using CrmBlazor.Features.Api.Keys;
using CrmBlazor.Features.Api.Docs;

namespace CrmBlazor.Features.Api;

/// <summary>The public REST API under /api/v1: every call signed in by an API key, every failure a problem body.</summary>
public static class ApiRoutes
{
    public const string Prefix = "/api/v1";

    public static bool Serves(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>Problem bodies instead of the pages' HTML error and not-found pages (inside the status-code pages).</summary>
    public static void UseCrmApiErrors(this WebApplication app) =>
        app.UseWhen(http => Serves(http.Request), api => api.UseMiddleware<ApiErrors>());

    public static void MapCrmApi(this WebApplication app)
    {
        app.MapCrmApiDocs();
        var api = app.MapGroup(Prefix).RequireAuthorization(ApiRegistration.Policy).DisableAntiforgery();
        api.MeterByKey();
        api.MapContacts();
        api.MapDeals();
        api.MapActivities();
        api.MapPipelines();
        api.MapContactBulk();
        api.MapCompanies();
        api.MapTags();
    }
}
