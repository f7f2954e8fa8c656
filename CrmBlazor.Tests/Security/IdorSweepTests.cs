using Microsoft.AspNetCore.WebUtilities;
using System.Security.Cryptography;
using System.Text;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Security;

/// <summary>
/// Another tenant's ids, in every route that takes one, give "not found" and none of that tenant's data.
/// The routes come from the app itself (its pages' route attributes, its GET endpoints), so a new page or
/// endpoint with an id fails this sweep until its kind of record is added to <see cref="Kinds"/>.
/// </summary>
public sealed class IdorSweepTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private const string NotFound = "does not exist, or you do not have access to it";

    /// <summary>Which record each route's id names.</summary>
    private static readonly Dictionary<string, RecordKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/contacts/{Id:guid}"] = RecordKind.Contact,
        ["/companies/{Id:guid}"] = RecordKind.Company,
        ["/deals/{Id:guid}"] = RecordKind.Deal,
        ["/import/{JobId:guid}"] = RecordKind.ImportJob,
        ["/import/{jobId:guid}/errors.csv"] = RecordKind.ImportJob,
        ["/api/v1/contacts/{id:guid}"] = RecordKind.Contact,
        ["/api/v1/deals/{id:guid}"] = RecordKind.Deal,
        ["/api/v1/deals/{id:guid}/moves"] = RecordKind.Deal,
        ["/api/v1/activities/{id:guid}"] = RecordKind.Activity,
        ["/api/v1/pipelines/{id:guid}"] = RecordKind.Pipeline,
        ["/api/v1/pipelines/{id:guid}/stages/{stageId:guid}"] = RecordKind.Stage,
        ["/api/v1/companies/{id:guid}"] = RecordKind.Company,
        ["/api/v1/tags/{id:guid}"] = RecordKind.Tag,
    };

    /// <summary>Routes whose id is not a tenant record's guid, each swept by a test of its own.</summary>
    private static readonly Dictionary<string, string> SweptApart = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Account/Manage/RenamePasskey/{Id}"] = nameof(Another_users_passkey_id_shows_does_not_exist_and_not_its_name),
    };

    /// <summary>Endpoints whose parameter names no record: the public API reference and its document (OpenApiDocumentTests).</summary>
    private static readonly HashSet<string> NamesNoRecord = new(StringComparer.OrdinalIgnoreCase)
    {
        "/openapi/{documentName}.json",
        "/api/docs/{documentName?}",
    };

    [Fact]
    public async Task Another_tenants_ids_in_every_page_route_show_not_found_and_none_of_its_data()
    {
        var records = await TenantARecordsAsync();
        var (contextA, pageA) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = contextA;
        await pageA.SignInAsync(DemoTenant.Owner, CrmAppFactory.DemoPassword);
        var (contextB, pageB) = await IntruderAsync();
        await using var __ = contextB;
        var failures = new List<string>();

        foreach (var route in AppRoutes.All.Where(r => r.Contains('{') && !SweptApart.ContainsKey(r)))
        {
            if (!Kinds.TryGetValue(route, out var kind))
            {
                failures.Add($"{route}: add this route to the sweep's map (IdorSweepTests.Kinds)");
                continue;
            }
            var (id, secret, parent) = records[kind];
            var url = Filled(route, id, parent);
            // The owner sees the record there (so its absence below means something) …
            if (await ShownAsync(pageA, url, secret) is not { } own || !own.Contains(secret))
                failures.Add($"{url}: tenant A's own page does not show {secret}; the sweep's secret for {kind} is wrong");
            // … and the other tenant sees "not found", and nothing of it, not even in the prerendered HTML.
            var intruder = await ShownAsync(pageB, url, NotFound);
            if (intruder is null || !intruder.Contains(NotFound)) failures.Add($"{url}: tenant B is not told it does not exist");
            if (intruder?.Contains(secret) == true || (await pageB.ContentAsync()).Contains(secret))
                failures.Add($"{url}: tenant B sees {secret}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Another_tenants_ids_in_every_get_endpoint_answer_404_and_none_of_its_data()
    {
        var records = await TenantARecordsAsync();
        var (contextA, pageA) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = contextA;
        await pageA.SignInAsync(DemoTenant.Owner, CrmAppFactory.DemoPassword);
        var (contextB, pageB) = await IntruderAsync();
        await using var __ = contextB;
        var failures = new List<string>();
        var endpoints = GetEndpointsWithParameters().ToList();
        Assert.NotEmpty(endpoints);

        foreach (var route in endpoints)
        {
            if (!Kinds.TryGetValue(route, out var kind))
            {
                failures.Add($"{route}: add this endpoint to the sweep's map (IdorSweepTests.Kinds)");
                continue;
            }
            var (id, secret, parent) = records[kind];
            var url = Filled(route, id, parent);
            var own = await pageA.Context.APIRequest.GetAsync(url, await ApiKeyOfAsync(route, DemoTenant.Owner));
            if (own.Status != 200 || !(await own.TextAsync()).Contains(secret))
                failures.Add($"{url}: tenant A's own request answers {own.Status} without {secret}; the sweep's secret for {kind} is wrong");
            var intruder = await pageB.Context.APIRequest.GetAsync(url, await ApiKeyOfAsync(route, intruderEmail!));
            if (intruder.Status != 404) failures.Add($"{url}: tenant B gets {intruder.Status}, not 404");
            if ((await intruder.TextAsync()).Contains(secret)) failures.Add($"{url}: tenant B gets {secret}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Another_users_passkey_id_shows_does_not_exist_and_not_its_name()
    {
        // A passkey row of tenant A's Owner, named with a secret; its id in the address is the credential id, base64url.
        var secret = "Zyx" + Guid.NewGuid().ToString("N")[..10];
        var credential = RandomNumberGenerator.GetBytes(16);
        await using (var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner))
            await session.ExecuteAsync(
                "insert into user_passkeys (credential_id, user_id, data) values (@c, (select id from users where email = @e), @d::jsonb)",
                ("c", credential), ("e", DemoTenant.Owner), ("d", $$"""{"Name": "{{secret}}"}"""));
        var (contextB, pageB) = await IntruderAsync();
        await using var _ = contextB;

        var response = await pageB.GotoAsync($"/Account/Manage/RenamePasskey/{WebEncoders.Base64UrlEncode(credential)}");

        Assert.True(response!.Status < 500, $"answered {response.Status}");
        await Expect(pageB.GetByText("does not exist").First).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await pageB.ContentAsync());
    }

    private enum RecordKind { Contact, Company, Deal, ImportJob, Activity, Pipeline, Stage, Tag }

    private string? intruderEmail;

    /// <summary>The API is reached with a key (read scopes for everything) of the user's tenant, pages and files with the sign-in cookie.</summary>
    private async Task<APIRequestContextOptions?> ApiKeyOfAsync(string route, string email) =>
        route.StartsWith("/api/", StringComparison.Ordinal)
            ? new() { Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {await site.App.MintApiKeyAsync(email, ApiKeys.ReadEverything)}" } }
            : null;

    /// <summary>The app's GET endpoints whose route takes a parameter, pages and framework files left out.</summary>
    private IEnumerable<string> GetEndpointsWithParameters() => site.App.Services.GetServices<EndpointDataSource>()
        .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
        .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") != false)
        .Where(e => e.RoutePattern.Parameters.Count > 0 && e.RoutePattern.Parameters.All(p => !p.IsCatchAll))
        .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
        .Where(route => !route.StartsWith("/_", StringComparison.Ordinal) && !NamesNoRecord.Contains(route))
        .Distinct();

    /// <summary>The route with the record's id in its last parameter and, where it has one, its parent's (a stage's pipeline) in those before.</summary>
    private static string Filled(string route, Guid id, Guid? parent)
    {
        var parameters = System.Text.RegularExpressions.Regex.Matches(route, @"\{[^}]+\}");
        return parameters.Reverse().Aggregate(route, (filled, parameter) => filled.Remove(parameter.Index, parameter.Length)
            .Insert(parameter.Index, (parameter.Index == parameters[^1].Index ? id : parent ?? id).ToString()));
    }

    /// <summary>The page's text once it shows EXPECTED (or, when it never does, whatever it shows).</summary>
    private static async Task<string?> ShownAsync(IPage page, string url, string expected)
    {
        await page.GotoAsync(url);
        await page.WaitForCircuitAsync();
        try
        {
            await Expect(page.GetByText(expected).First).ToBeVisibleAsync(new() { Timeout = 5_000 });
        }
        catch (PlaywrightException)
        {
        }
        return await page.Locator("body").InnerTextAsync();
    }

    /// <summary>One record of each kind in the demo tenant (tenant A), with a text only that record's page shows.</summary>
    private async Task<Dictionary<RecordKind, (Guid Id, string Secret, Guid? Parent)>> TenantARecordsAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        var secret = "Zyx" + Guid.NewGuid().ToString("N")[..10];
        var company = await session.AddCompanyAsync(name: "Company " + secret);
        var tag = await session.ScalarAsync<Guid>("insert into tags (name, color) values (@n, '#607D8B') returning id", ("n", "Tag " + secret));
        var contact = await session.ScalarAsync<Guid>(
            "insert into contacts (first_name, last_name) values ('Contact', @s) returning id", ("s", secret));
        var pipeline = await session.ScalarAsync<Guid>("select id from pipelines where is_default");
        var stage = await session.ScalarAsync<Guid>("select id from pipeline_stages where pipeline_id = @p order by position limit 1", ("p", pipeline));
        // The stage's name is what the deal's stage history and the pipeline show of it.
        await session.ExecuteAsync("update pipeline_stages set name = @n where id = @s", ("n", "Stage " + secret), ("s", stage));
        var activity = await session.ScalarAsync<Guid>("insert into activities (type, subject) values ('call', @s) returning id", ("s", "Call " + secret));
        var deal = await session.ScalarAsync<Guid>("""
            insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
            values (@t, @p, @s, 1000, 'EUR', 10, @r) returning id
            """, ("t", "Deal " + secret), ("p", pipeline), ("s", stage), ("r", Guid.NewGuid().ToString("N")));
        await using var scope = await DemoTenant.ActAsAsync(site.App, DemoTenant.Owner);
        var csv = $"First Name,Last Name,Column{secret}\nAda,Lovelace,x\n";
        var (upload, problem) = await scope.ServiceProvider.GetRequiredService<ImportService>()
            .UploadAsync(ImportKind.Contacts, "people.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)), ct);
        Assert.True(upload is not null, problem);
        return new()
        {
            [RecordKind.Contact] = (contact, secret, null), [RecordKind.Company] = (company, secret, null),
            [RecordKind.Deal] = (deal, secret, null), [RecordKind.ImportJob] = (upload.JobId, secret, null),
            [RecordKind.Activity] = (activity, secret, null), [RecordKind.Pipeline] = (pipeline, secret, null),
            [RecordKind.Stage] = (stage, secret, pipeline), [RecordKind.Tag] = (tag, secret, null),
        };
    }

    /// <summary>A page signed in as the Owner of a tenant of its own (tenant B).</summary>
    private async Task<(IBrowserContext, IPage)> IntruderAsync()
    {
        var email = intruderEmail = await site.App.RegisterAsync("Intruder " + Guid.NewGuid().ToString("N")[..6], "Ivy Intruder");
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await page.SignInAsync(email, NewOrganization.FounderPassword);
        await Expect(page.GetByTestId("tenant-name")).ToContainTextAsync("Intruder");
        return (context, page);
    }
}
