using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Security;

/// <summary>
/// Transport and browser hardening, and the account forms' rate limits. Security:RequireHttps (true
/// outside Development unless set) turns on HSTS, the redirect to HTTPS and Secure-only cookies together:
/// a site reached over plain HTTP (the tests' loopback server) sets it false. Behind a TLS proxy, list the
/// proxy in Security:KnownProxies so its X-Forwarded-For/-Proto are believed; loopback is always trusted.
/// AllowedHosts (appsettings.json) is enforced by the host's own filter.
/// </summary>
public static class SecurityRegistration
{
    public static void AddCrmSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var requireHttps = RequireHttps(builder.Configuration, builder.Environment);
        services.AddScoped<CspNonce>();
        services.AddScoped<InvitationLimit>();
        services.Configure<RateLimitSettings>(builder.Configuration.GetSection(RateLimitSettings.Section));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RateLimitRejection.OnRejectedAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>(
            (limiter, limits) => limiter.GlobalLimiter = AccountRateLimits.Create(limits));

        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in builder.Configuration.GetSection("Security:KnownProxies").Get<string[]>() ?? [])
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        });

        var cookies = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.ConfigureAll<CookieAuthenticationOptions>(cookie => cookie.Cookie.SecurePolicy = cookies);
        services.Configure<AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = cookies);
        if (requireHttps)
        {
            services.AddHsts(hsts => { hsts.MaxAge = TimeSpan.FromDays(365); hsts.IncludeSubDomains = true; });
            services.AddHttpsRedirection(https => https.RedirectStatusCode = StatusCodes.Status308PermanentRedirect);
        }
    }

    /// <summary>Forwarded headers, HTTPS and the security headers: first in the pipeline, so every response has them.</summary>
    public static void UseCrmSecurity(this WebApplication app)
    {
        if (!KeyRingCertificate.IsConfigured(app.Configuration) && !app.Environment.IsDevelopment())
            throw new InvalidOperationException(
                $"{KeyRingCertificate.Section}:CertificatePath is not set: the data protection keys would be stored unencrypted. " +
                "./crm run makes a local certificate; in production point it at yours.");
        app.UseForwardedHeaders();
        if (RequireHttps(app.Configuration, app.Environment))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseMiddleware<SecurityHeaders>();
    }

    /// <summary>The account forms' rate limits: after the error page (a failure shows it), before the endpoints.</summary>
    public static void UseCrmRateLimits(this WebApplication app)
    {
        app.UseMiddleware<AccountFormEmail>();
        app.UseRateLimiter();
    }

    public static bool RequireHttps(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Security:RequireHttps") ?? !environment.IsDevelopment();
}
