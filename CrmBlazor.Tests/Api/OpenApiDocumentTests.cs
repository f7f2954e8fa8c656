using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CrmBlazor.Features.Security;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Api;

/// <summary>
/// The OpenAPI document as the running app serves it: the committed copy (openapi/v1.json) must be
/// exactly it, so an API change that is not in the document fails the suite; it describes the bearer
/// scheme on every operation and every /api/v1 endpoint the app maps; and the reference at /api/docs
/// renders it in a browser under the app's Content-Security-Policy.
/// </summary>
public sealed class OpenApiDocumentTests(ApiSite site, Chromium chromium) : IClassFixture<ApiSite>
{
    /// <summary>Set by <c>./crm openapi</c>: the check writes the served document to the committed file instead of comparing.</summary>
    private const string WriteVariable = "CRM_WRITE_OPENAPI";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        var served = await ServedTextAsync();
        var committedPath = Path.Combine(Repository.Root(), "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(committedPath)!);
            await File.WriteAllTextAsync(committedPath, served.ReplaceLineEndings("\n").TrimEnd() + "\n", Ct);
            return;
        }

        Assert.True(File.Exists(committedPath), "openapi/v1.json is missing: run ./crm openapi and commit the file.");
        var difference = FirstDifference(JsonNode.Parse(await File.ReadAllTextAsync(committedPath, Ct)), JsonNode.Parse(served), "$");
        Assert.True(difference is null,
            $"The API the app serves differs from the committed openapi/v1.json at {difference}. " +
            "If the change is meant, run ./crm openapi and commit openapi/v1.json with it.");
    }

    [Fact]
    public async Task The_bearer_scheme_is_described_and_every_operation_requires_it_and_names_its_scope()
    {
        var document = await ServedAsync();
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        Assert.Contains("crm_<prefix>_<secret>", (string?)scheme["description"]);
        Assert.Contains("Admin → API keys", (string?)scheme["description"]);
        Assert.Null(document["servers"]);   // the request's host would make the document differ per host

        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var security = Assert.Single(operation["security"]!.AsArray())!.AsObject();
            Assert.True(security.ContainsKey("ApiKey"), $"{where} does not require the ApiKey scheme");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["summary"]), $"{where} has no summary");
            var scope = (string?)operation["x-required-scope"];
            Assert.Matches("^[a-z]+:(read|write)$", scope ?? $"{where} names no scope");
            Assert.Contains($"`{scope}`", (string?)operation["description"]);
            Assert.True(operation["responses"]!.AsObject().Any(r => r.Key.StartsWith('2')), $"{where} declares no success response");
            foreach (var status in new[] { "401", "403", "429" })
                Assert.True(operation["responses"]![status]?["content"]?["application/problem+json"] is not null,
                    $"{where} lacks its {status} problem response");
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('4')))
                Assert.Equal(["application/problem+json"], response!["content"]!.AsObject().Select(c => c.Key));
        }
    }

    [Fact]
    public async Task Every_api_endpoint_the_app_maps_is_in_the_document_and_nothing_else_is()
    {
        var mapped = site.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {WithoutConstraints(e.RoutePattern)}"))
            .Order().ToList();
        var documented = Operations(await ServedAsync()).Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").Order().ToList();

        Assert.Contains("GET /api/v1/contacts/{id}", mapped);
        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task The_contacts_operations_carry_camel_case_examples_and_their_own_problems()
    {
        var document = await ServedAsync();
        var create = document["paths"]!["/api/v1/contacts"]!["post"]!;
        Assert.Equal("Ada", (string?)create["requestBody"]!["content"]!["application/json"]!["example"]!["firstName"]);
        Assert.NotNull(create["responses"]!["201"]!["content"]!["application/json"]!["example"]!["id"]);
        Assert.Equal("email", create["responses"]!["409"]!["content"]!["application/problem+json"]!["example"]!["errors"]!
            .AsObject().Single().Key);
        Assert.NotNull(create["responses"]!["422"]);

        var update = document["paths"]!["/api/v1/contacts/{id}"]!["put"]!;
        foreach (var status in new[] { "404", "412", "428" })
            Assert.NotNull(update["responses"]![status]?["content"]?["application/problem+json"]);
        Assert.Contains(update["parameters"]!.AsArray(), p => (string?)p!["name"] == "If-Match" && (string?)p["in"] == "header" && (bool?)p["required"] == true);
        var list = document["paths"]!["/api/v1/contacts"]!["get"]!;
        Assert.Contains("nextCursor", (string?)list["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "cursor")!["description"]);
        Assert.NotNull(list["responses"]!["200"]!["content"]!["application/json"]!["example"]!["nextCursor"]);
    }

    [Fact]
    public async Task The_reference_shows_the_contacts_operations_from_this_host_with_no_policy_violation()
    {
        using var http = site.Client();
        var page = await http.GetAsync("/api/docs/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // The same policy as every page (nothing relaxed for the reference), with the nonce its start-up script carries.
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([0-9a-f]+)'").Groups[1].Value;
        Assert.Equal(SecurityHeaders.Policy(nonce), policy);
        Assert.Contains($"nonce=\"{nonce}\"", await page.Content.ReadAsStringAsync(Ct));

        var baseUrl = site.BaseUrl.ToString().TrimEnd('/');
        var (context, browser) = await chromium.NewPageAsync(baseUrl);
        await using var _ = context;
        var violations = new ConcurrentQueue<string>();
        var elsewhere = new ConcurrentQueue<string>();
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
            """);
        browser.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy") || message.Text.StartsWith("CSP violation")) violations.Enqueue(message.Text);
        };
        browser.PageError += (_, error) => violations.Enqueue("page error: " + error);
        browser.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(baseUrl + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:")) elsewhere.Enqueue(request.Url);
        };

        await browser.GotoAsync("/api/docs");
        await Expect(browser.GetByText("CrmBlazor API").First).ToBeVisibleAsync();
        await Expect(browser.GetByText("List contacts").First).ToBeVisibleAsync();
        await Expect(browser.GetByText("Create a contact").First).ToBeVisibleAsync();
        await Expect(browser.GetByText("Delete a contact").First).ToBeVisibleAsync();

        Assert.Empty(violations);
        Assert.Empty(elsewhere);   // fonts, scripts and the document all come from this host: it works without internet
    }

    private async Task<string> ServedTextAsync()
    {
        using var http = site.Client();
        var response = await http.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private async Task<JsonNode> ServedAsync() => JsonNode.Parse(await ServedTextAsync())!;

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select (path.Key, method.Key, method.Value!);

    /// <summary>"/api/v1/contacts/{id:guid}" as the document names it: "/api/v1/contacts/{id}".</summary>
    private static string WithoutConstraints(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => "",
        }))));

    /// <summary>The JSON path of the first place the two documents differ, or null when they are the same.</summary>
    private static string? FirstDifference(JsonNode? committed, JsonNode? served, string path)
    {
        switch (committed, served)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                {
                    if (!a.ContainsKey(key)) return $"{path}.{key} (only in the served document)";
                    if (!b.ContainsKey(key)) return $"{path}.{key} (only in the committed file)";
                    if (FirstDifference(a[key], b[key], $"{path}.{key}") is { } inner) return inner;
                }
                return null;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    if (i >= a.Count || i >= b.Count) return $"{path}[{i}] (the arrays differ in length)";
                    if (FirstDifference(a[i], b[i], $"{path}[{i}]") is { } inner) return inner;
                }
                return null;
            default:
                return JsonNode.DeepEquals(committed, served) ? null : $"{path} (committed {committed?.ToJsonString() ?? "null"}, served {served?.ToJsonString() ?? "null"})";
        }
    }
}
