using System.Text.Json;
using System.Text.Json.Serialization;
using CrmBlazor.Features.Api.Activities;
using CrmBlazor.Features.Api.Companies;
using CrmBlazor.Features.Api.Contacts;
using CrmBlazor.Features.Api.Deals;
using CrmBlazor.Features.Api.Pipelines;
using CrmBlazor.Features.Api.Tags;
using CrmBlazor.Features.Api.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Features.Api;

public static class ApiRegistration
{
    /// <summary>
    /// The default scheme: requests under /api are signed in by their key only, everything else by the
    /// sign-in cookie. A browser's cookie never reaches the API, so a page on another site cannot make
    /// a signed-in user's browser call it (no CSRF through the API).
    /// </summary>
    public const string CookieOrKey = "CookieOrApiKey";

    public const string Policy = "ApiKey";

    public static void AddCrmApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddPolicyScheme(CookieOrKey, "Sign-in cookie, or an API key under /api", policy =>
                policy.ForwardDefaultSelector = http =>
                    ApiRoutes.Serves(http.Request) ? ApiKeyAuthentication.SchemeName : IdentityConstants.ApplicationScheme);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy =>
            policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser());

        services.AddScoped<ApiKeyService>();
        // The API's reads; every write goes through the pages' services.
        services.AddScoped<ContactListing>();
        services.AddScoped<CompanyListing>();
        services.AddScoped<TagListing>();
        services.AddScoped<DealListing>();
        services.AddScoped<ActivityListing>();
        services.AddScoped<PipelineListing>();

        services.Configure<JsonOptions>(json =>
        {
            // A misspelt field is refused, not silently dropped (a client would think it saved "emial").
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            json.SerializerOptions.Converters.Add(new UtcTimeConverter());
        });
        // An unreadable body throws, so ApiErrors can answer with a problem that names the field.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
    }
}
