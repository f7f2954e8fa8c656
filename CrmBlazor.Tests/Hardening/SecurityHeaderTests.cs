using System.Net;
using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Hardening;

/// <summary>The headers every page carries, HTTPS in production (HSTS, redirect, Secure cookies), forwarded headers and allowed hosts.</summary>
public sealed partial class SecurityHeaderTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_page_carries_the_policy_with_a_fresh_nonce_on_its_import_map_and_the_other_headers()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        var client = app.CreateClient();

        var first = await client.GetAsync("/Account/Login", Ct);
        var second = await client.GetAsync("/Account/Login", Ct);

        var policy = Assert.Single(first.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        var scripts = Regex.Match(policy, "script-src ([^;]*)").Groups[1].Value;
        Assert.DoesNotContain("unsafe-inline", scripts);
        var nonce = Nonce().Match(scripts).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", await first.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain(nonce, Assert.Single(second.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(first.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(first.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(first.Headers.GetValues("X-Frame-Options")));
        // Plain HTTP here (Security:RequireHttps false): no HSTS.
        Assert.False(first.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Errors_and_static_files_carry_the_headers_too()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        var client = app.CreateClient();

        foreach (var path in new[] { "/no-such-page", "/app.css" })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task In_production_http_is_redirected_to_https_and_https_gets_HSTS_and_Secure_cookies()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString, settings: new Dictionary<string, string>
        {
            ["Security:RequireHttps"] = "true", ["https_port"] = "443",
        });
        // HSTS is never sent to localhost (a developer's machine), so the site has a name here.
        var http = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://crm.example.com") });
        var https = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://crm.example.com") });

        var redirected = await http.GetAsync("/Account/Login", Ct);
        var page = await https.GetAsync("/Account/Login", Ct);

        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        Assert.Equal("https://crm.example.com/Account/Login", redirected.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=31536000", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_its_forwarded_https_counts_as_https()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString, settings: new Dictionary<string, string>
        {
            ["Security:RequireHttps"] = "true", ["https_port"] = "443",
        });
        // Kestrel: a real loopback connection, the proxy address trusted by default.
        var baseUrl = app.StartKestrel();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        forwarded.Headers.Host = "crm.example.com";
        var throughProxy = await client.SendAsync(forwarded, Ct);
        var direct = await client.GetAsync("/Account/Login", Ct);

        Assert.Equal(HttpStatusCode.OK, throughProxy.StatusCode);
        Assert.True(throughProxy.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, direct.StatusCode);
    }

    [Fact]
    public async Task A_host_outside_AllowedHosts_is_refused()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString, settings: new Dictionary<string, string>
        {
            ["AllowedHosts"] = "crm.example.com",
        });
        var client = app.CreateClient(new() { BaseAddress = new Uri("http://crm.example.com") });

        var allowed = await client.GetAsync("/Account/Login", Ct);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        spoofed.Headers.Host = "evil.example.net";
        var refused = await client.SendAsync(spoofed, Ct);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();
}
