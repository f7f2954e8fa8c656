using System.Net.Http.Headers;
using CrmBlazor.Data;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Account.Sessions;
using CrmBlazor.Features.Account.TwoFactor;
using CrmBlazor.Features.Api;
using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Api.Keys;
using CrmBlazor.Features.Mail;
using CrmBlazor.Features.Security;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Bench;

/// <summary>
/// The whole app, registered and wired as Program.cs does (the same request pipeline, so the API is
/// measured behind the same middleware as in production), served by Kestrel on a free loopback port
/// inside the bench process, connected as the runtime role. ./crm bench passes the key ring certificate.
/// </summary>
public sealed class ApiHost(WebApplication app, Uri baseUrl) : IAsyncDisposable
{
    public Uri BaseUrl => baseUrl;

    public static async Task<ApiHost> StartAsync(string appConnection)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            // The web project's name, so MapStaticAssets finds its manifest beside the bench's build.
            ApplicationName = typeof(CrmDbContext).Assembly.GetName().Name,
        });
        builder.Configuration["ConnectionStrings:Crm"] = appConnection;
        builder.Configuration["Security:RequireHttps"] = "false";
        builder.Configuration["Import:RunJobs"] = "false";
        // The bench's one key makes a few thousand calls in a minute; the per-key limit (600, then 10/s) would refuse them.
        builder.Configuration["RateLimits:ApiPerKey:TokenLimit"] = "1000000";
        builder.Configuration["RateLimits:ApiPerKey:TokensPerPeriod"] = "1000000";
        // Only warnings and errors between the result lines (appsettings.json would log every start-up step).
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.AddCrm();
        var app = builder.Build();
        app.UseCrmRequestHandling();
        await app.StartAsync();
        var address = app.Urls.Single();   // the port Kestrel picked
        return new ApiHost(app, new Uri(address));
    }

    /// <summary>A key made through the admin page's service by <paramref name="creator"/>, and a client that sends it.</summary>
    public async Task<HttpClient> ClientWithKeyAsync(TenantSnapshot creator, string[] scopes)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopes>().Begin(creator);
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>()
            .CreateAsync(new ApiKeyForm { Name = $"bench {DateTime.UtcNow:yyyy-MM-dd HH:mm}", Scopes = scopes });
        if (key is null) throw new InvalidOperationException("Could not make the bench's API key: " + string.Join("; ", result.Errors.Values));
        var client = new HttpClient { BaseAddress = baseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
