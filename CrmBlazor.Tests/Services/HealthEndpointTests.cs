using System.Net;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Services;

public sealed class HealthEndpointTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    // Nothing listens here: the database is "stopped".
    private const string UnreachableDatabase = "Host=127.0.0.1;Port=1;Database=crm;Username=crm_app;Timeout=2";

    [Fact]
    public async Task Health_is_200_when_the_database_answers()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        var response = await app.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_is_503_when_the_database_is_unreachable()
    {
        await using var app = new CrmAppFactory(UnreachableDatabase);
        var response = await app.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Pages_explain_that_the_database_is_unreachable_instead_of_crashing()
    {
        await using var app = new CrmAppFactory(UnreachableDatabase);
        var ct = TestContext.Current.CancellationToken;

        // The login form needs the key ring (antiforgery), which lives in the database.
        var response = await app.CreateClient().GetAsync("/Account/Login", ct);

        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("can&#x27;t reach its database", body);
        Assert.DoesNotContain("Exception", body);
    }
}
