using CrmBlazor.Features.Webhooks;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Webhooks;

/// <summary>Arranging webhook tests: app settings with retries in seconds, endpoints made by an admin, waiting on deliveries.</summary>
public static class WebhookSteps
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The dispatcher's settings for tests: it looks often and retries within a second or two.</summary>
    public static Dictionary<string, string> FastSettings(bool runDispatcher = true, TimeSpan? retryWindow = null) => new()
    {
        ["Webhooks:RunDispatcher"] = runDispatcher.ToString(),
        ["Webhooks:PollInterval"] = "00:00:00.200",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.300",
        ["Webhooks:MaxRetryDelay"] = "00:00:01",
        ["Webhooks:Timeout"] = "00:00:02",
        ["Webhooks:RetryWindow"] = (retryWindow ?? TimeSpan.FromMinutes(10)).ToString(),
    };

    /// <summary>An endpoint added by the demo tenant's admin, through the page's service; its id and secret.</summary>
    public static async Task<(Guid Id, string Secret)> AddEndpointAsync(CrmAppFactory app, string url, params string[] events)
    {
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Admin);
        var saved = await scope.ServiceProvider.GetRequiredService<WebhookService>()
            .CreateAsync(new WebhookForm { Url = url, Events = events.Length == 0 ? [.. WebhookEvents.All] : [.. events] }, Ct);
        Assert.True(saved.Result.Succeeded, string.Join("; ", saved.Result.Errors.Values));
        return (saved.Result.Id!.Value, saved.Secret!);
    }

    /// <summary>Waits (polling the database) until the count of <paramref name="fromWhere"/> reaches <paramref name="expected"/>.</summary>
    public static async Task WaitForCountAsync(DbSession session, string fromWhere, long expected, TimeSpan? timeout = null,
        params (string Name, object? Value)[] parameters)
    {
        long count = -1;
        await Until.TrueAsync(async () => (count = await session.CountAsync(fromWhere, parameters)) == expected,
            timeout ?? TimeSpan.FromSeconds(30), $"select count(*) from {fromWhere} to be {expected}", () => $"It was {count}.");
    }
}
