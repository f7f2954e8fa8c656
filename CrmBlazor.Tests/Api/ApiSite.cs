using System.Net.Http.Headers;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>
/// A class fixture for the API's contract tests: a fresh database with the demo tenant, the app on
/// Kestrel (a real server, real HTTP), and keys minted through the same service the admin page uses.
/// </summary>
public sealed class ApiSite(PostgresCluster cluster) : IAsyncLifetime
{
    public CrmDatabase Database { get; } = new(cluster);
    public CrmAppFactory App { get; private set; } = default!;
    public Uri BaseUrl { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        App = new CrmAppFactory(Database.AppConnectionString);
        BaseUrl = new(App.StartKestrel());
        await App.SeedDemoAsync();
    }

    /// <summary>A key made by a demo user (the Owner unless named) with the given scopes; its secret.</summary>
    public Task<string> MintKeyAsync(string[] scopes, string creator = DemoTenant.Owner, DateTimeOffset? expiresAt = null) =>
        App.MintApiKeyAsync(creator, scopes, expiresAt);

    /// <summary>A key of a tenant made for the test, by its Owner.</summary>
    public async Task<(TestTenant Tenant, string Key)> MintKeyInNewTenantAsync(string[] scopes)
    {
        await using var session = await DbSession.OpenAsync(App.AppConnectionString);
        var tenant = await session.CreateTenantAsync("API test tenant");
        return (tenant, await App.MintApiKeyAsync(new TenantSnapshot(tenant.Id, tenant.OwnerId, "Owner"), scopes));
    }

    /// <summary>An HTTP client of the running server, sending <paramref name="key"/> as its bearer token when given.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
