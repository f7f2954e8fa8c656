using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace CrmBlazor.Tests.Security;

/// <summary>The static sign-in and registration forms driven over raw HTTP, as a script would: GET the form, POST it back with its antiforgery token.</summary>
public sealed partial class AccountForms(string baseUrl) : IDisposable
{
    private readonly HttpClient http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        { BaseAddress = new Uri(baseUrl) };

    public sealed record Answer(HttpStatusCode Status, string Body, TimeSpan Took, IReadOnlyList<string> Cookies);

    /// <summary>Posts the form at PATH with its hidden fields as served and FIELDS (percent-encoded values) over its inputs.</summary>
    public async Task<Answer> PostAsync(string path, IReadOnlyDictionary<string, string> encodedFields)
    {
        var ct = TestContext.Current.CancellationToken;
        var form = await http.GetStringAsync(path, ct);
        // The first form's fields win: the sign-in page has a second form (the passkey one) with its own _handler.
        var fields = Hidden().Matches(form).DistinctBy(m => m.Groups["name"].Value)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => Uri.EscapeDataString(WebUtility.HtmlDecode(m.Groups["value"].Value)));
        foreach (var (name, value) in encodedFields) fields[name] = value;
        var body = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={f.Value}"));

        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        clock.Stop();
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        return new(response.StatusCode, text, clock.Elapsed, cookies);
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex Hidden();

    public void Dispose() => http.Dispose();
}
