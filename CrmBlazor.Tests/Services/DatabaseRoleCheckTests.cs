using System.Net;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Services;

/// <summary>The web app refuses to start on a database login that row-level security would not bind.</summary>
public sealed class DatabaseRoleCheckTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task The_app_refuses_to_start_as_the_tables_owner()
    {
        await using var app = new CrmAppFactory(database.OwnerConnectionString);

        var refused = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("the database role crm_owner owns tables", refused.Message);
    }

    [Fact]
    public async Task The_app_refuses_to_start_as_a_superuser()
    {
        await using var app = new CrmAppFactory(database.SuperuserConnectionString);

        var refused = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("is a superuser", refused.Message);
    }

    [Fact]
    public async Task The_app_starts_as_its_runtime_role()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);

        var response = await app.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
