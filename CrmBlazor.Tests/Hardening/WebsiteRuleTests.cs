using CrmBlazor.Features.Companies;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Hardening;

/// <summary>
/// A company's website is an absolute http(s) address: the form refuses anything else next to the
/// field, and so does the database (ck_companies_website_http) for whoever writes it.
/// </summary>
public sealed class WebsiteRuleTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("javascript://%0aalert(1)")]
    [InlineData("/relative/path")]
    [InlineData("//evil.example")]
    [InlineData("https://")]
    public async Task The_form_refuses_a_website_that_is_not_an_absolute_http_address(string website)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        var result = await companies.CreateAsync(new CompanyForm { Name = "Hostile Link Co", Website = website }, Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(WebAddress.InvalidWebsite, result.Errors[nameof(CompanyForm.Website)]);
    }

    [Theory]
    [InlineData("example.com:8080/shop", "https://example.com:8080/shop")]
    [InlineData("HTTP://Example.com", "HTTP://Example.com")]
    public async Task A_host_with_a_port_and_an_upper_case_scheme_are_still_websites(string typed, string stored)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        var result = await companies.CreateAsync(new CompanyForm { Name = $"Port Co {Guid.NewGuid():N}", Website = typed }, Ct);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Values));
        Assert.Equal(stored, (await companies.GetFormAsync(result.Id!.Value, Ct))!.Website);
    }

    [Theory]
    [InlineData("javascript://%0aalert(1)")]
    [InlineData("data://text/html,x")]
    [InlineData("ftp://files.example")]
    [InlineData("/relative")]
    [InlineData("https://")]
    public async Task The_database_refuses_a_website_that_is_not_an_absolute_http_address(string website)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);

        await session.RejectsAsync("23514", "ck_companies_website_http", "companies",
            "insert into companies (name, website) values ('Raw Hostile Co', @w)", ("w", website));
    }
}
