namespace CrmBlazor.Features.Api.Keys;

public static class ApiKeysRegistration
{
    /// <summary>Key use and per-key rate limits (RateLimits:ApiPerKey); ApiKeyService itself is AddCrmApi's.</summary>
    public static void AddCrmApiKeys(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ApiRateLimitSettings>(builder.Configuration.GetSection(ApiRateLimitSettings.Section));
        builder.Services.AddSingleton<ApiRateLimiter>();
        builder.Services.AddScoped<ApiKeyUse>();
    }
}
