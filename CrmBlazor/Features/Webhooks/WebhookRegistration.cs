namespace CrmBlazor.Features.Webhooks;

public static class WebhookRegistration
{
    /// <summary>Admin → Webhooks and the dispatcher (every node runs one unless Webhooks:RunDispatcher is false).</summary>
    public static void AddCrmWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookOutcomes>();
        services.AddScoped<WebhookService>();
        if (builder.Configuration.GetValue($"{WebhookOptions.Section}:{nameof(WebhookOptions.RunDispatcher)}", true))
            services.AddHostedService<WebhookDispatcher>();
    }
}
