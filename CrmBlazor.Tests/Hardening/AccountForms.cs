using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace CrmBlazor.Tests.Hardening;

/// <summary>Posts the static server-rendered account forms as a browser does: the page's antiforgery token and form name included.</summary>
public static partial class AccountForms
{
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password = "Wrong-password-1")
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await client.GetStringAsync("/Account/Login", ct);
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = password,
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await client.SendAsync(request, ct);
    }

    /// <summary>A bare POST to an account page (no token: the limiter counts it before the page looks at it).</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path) =>
        client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.com" }),
            TestContext.Current.CancellationToken);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
