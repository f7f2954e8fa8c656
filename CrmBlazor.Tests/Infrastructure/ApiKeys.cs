using CrmBlazor.Features.Api;
using CrmBlazor.Features.Api.Keys;
using CrmBlazor.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>API keys for tests, made through the same service the admin page uses; the secret is returned.</summary>
public static class ApiKeys
{
    public static readonly string[] ReadEverything = [.. ApiScope.All.Where(s => s.EndsWith(":read", StringComparison.Ordinal))];

    /// <summary>A key made by the (confirmed) user with <paramref name="email"/>.</summary>
    public static async Task<string> MintApiKeyAsync(this CrmAppFactory app, string email, string[] scopes, DateTimeOffset? expiresAt = null)
    {
        await using var scope = await DemoTenant.ActAsAsync(app, email);
        return await MintAsync(scope, scopes, expiresAt);
    }

    /// <summary>A key made by the user <paramref name="creator"/> names.</summary>
    public static async Task<string> MintApiKeyAsync(this CrmAppFactory app, TenantSnapshot creator, string[] scopes, DateTimeOffset? expiresAt = null)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopes>().Begin(creator);
        return await MintAsync(scope, scopes, expiresAt);
    }

    private static async Task<string> MintAsync(AsyncServiceScope scope, string[] scopes, DateTimeOffset? expiresAt)
    {
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>()
            .CreateAsync(new ApiKeyForm { Name = "Test key", Scopes = scopes, ExpiresAt = expiresAt }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return key!.Secret;
    }
}
