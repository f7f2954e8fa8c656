using System.Net;
using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CrmBlazor.Tests.Services;

/// <summary>/Account/Logout requires the antiforgery token its form posts: another site's page cannot sign a user out.</summary>
public sealed partial class LogoutAntiforgeryTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_logout_posted_without_the_antiforgery_token_is_refused_with_400()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([new("ReturnUrl", "")]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_logout_posted_with_the_token_signs_out_and_goes_to_the_login_page()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // The login page's form carries a token for this client's antiforgery cookie, as the layout's logout form does.
        var login = await client.GetStringAsync("/Account/Login", Ct);
        var token = TokenField().Match(login).Groups[1].Value;

        var response = await client.PostAsync("/Account/Logout",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("ReturnUrl", "")]), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/Account/Login", response.Headers.Location!.ToString());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
