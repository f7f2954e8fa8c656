using System.Security.Claims;
using System.Text.Encodings.Web;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Tests.Export;

/// <summary>
/// The real app on the test server, where a request is signed in as the tenant, user and role its
/// X-Test-Acting header names: the same claims a sign-in cookie carries, so the tenant middleware,
/// authorization and row-level security see an ordinary signed-in request. The sign-in itself is the
/// browser tests' job (ExportFlowTests).
/// </summary>
public sealed class ExportApp(string appConnectionString) : IAsyncDisposable
{
    private const string SchemeName = "Test";
    private const string Header = "X-Test-Acting";

    private readonly WebApplicationFactory<Program> app = new CrmAppFactory(appConnectionString).WithWebHostBuilder(web =>
        web.ConfigureTestServices(services =>
        {
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderSignIn>(SchemeName, null);
            services.PostConfigure<AuthenticationOptions>(o => (o.DefaultAuthenticateScheme, o.DefaultChallengeScheme) = (SchemeName, SchemeName));
        }));

    public IServiceProvider Services => app.Services;

    public HttpClient As(Guid tenantId, Guid userId, string role)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(Header, $"{tenantId}|{userId}|{role}");
        return client;
    }

    /// <summary>A service scope acting as that user, as a circuit would.</summary>
    public AsyncServiceScope ActAs(Guid tenantId, Guid userId, string role) =>
        app.Services.GetRequiredService<TenantScopes>().Begin(new TenantSnapshot(tenantId, userId, role));

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private sealed class HeaderSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].ToString().Split('|') is not [var tenant, var user, var role])
                return Task.FromResult(AuthenticateResult.NoResult());
            var identity = new ClaimsIdentity(
                [new(ClaimTypes.NameIdentifier, user), new(CrmClaims.TenantId, tenant), new(ClaimTypes.Role, role)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
