using CrmBlazor.Features.Account;
using System.Net;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Security;

/// <summary>
/// Hostile strings POSTed to /Account/Login and /Account/Register over raw HTTP (with the antiforgery token the
/// form carries): never a 500 or the error page, never a sign-in, nothing written, and no time-based payload
/// delays the answer. A registration whose names are XSS strings stores them and shows them as text.
/// </summary>
public sealed class HostileSignInTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);
    private const string ErrorPage = "Sorry, that didn't work";
    private const string AuthCookie = ".AspNetCore.Identity.Application";

    [Fact]
    public async Task Hostile_sign_ins_are_refused_without_a_500_a_session_a_write_or_a_delay()
    {
        using var forms = new AccountForms(site.BaseUrl);
        var before = await CountsAsync();
        var failures = new List<string>();

        foreach (var payload in HostilePayloads.All.Select(HostilePayloads.Encode).Concat(HostilePayloads.RawForms))
        {
            foreach (var (email, password) in new[] { (payload, payload), (Uri.EscapeDataString(DemoTenant.Owner), payload) })
            {
                var answer = await forms.PostAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
                failures.AddRange(Problems("login", payload, answer));
                if (answer.Cookies.Any(c => c.StartsWith(AuthCookie, StringComparison.Ordinal)))
                    failures.Add($"login with {Short(payload)}: signed in");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Hostile_registrations_are_refused_without_a_500_a_write_or_a_delay()
    {
        using var forms = new AccountForms(site.BaseUrl);
        var before = await CountsAsync();
        var failures = new List<string>();

        foreach (var payload in HostilePayloads.All.Select(HostilePayloads.Encode).Concat(HostilePayloads.RawForms))
        {
            var answer = await forms.PostAsync("/Account/Register", new Dictionary<string, string>
            {
                ["Input.Organization"] = payload, ["Input.FullName"] = payload, ["Input.Email"] = payload,
                ["Input.Password"] = payload, ["Input.ConfirmPassword"] = payload,
            });
            failures.AddRange(Problems("register", payload, answer));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Xss_in_an_organization_and_founder_name_is_stored_and_shown_as_text()
    {
        using var forms = new AccountForms(site.BaseUrl);
        var organization = HostilePayloads.Xss[1];
        var email = $"xss-{Guid.NewGuid():N}@example.com";
        const string password = "Hostile-password-1";
        var answer = await forms.PostAsync("/Account/Register", new Dictionary<string, string>
        {
            ["Input.Organization"] = Uri.EscapeDataString(organization), ["Input.FullName"] = Uri.EscapeDataString(HostilePayloads.Xss[0]),
            ["Input.Email"] = Uri.EscapeDataString(email), ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        });
        Assert.True(answer.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.OK, answer.Status.ToString());
        Assert.Equal(ConfirmOutcome.Confirmed, await site.App.ConfirmByMailAsync(email));

        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.SignInAsync(email, password);
        await page.WaitForCircuitAsync();

        await Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync(organization);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.__xss"));
        Assert.Equal(0, dialogs);
    }

    private static IEnumerable<string> Problems(string form, string payload, AccountForms.Answer answer)
    {
        if ((int)answer.Status >= 500) yield return $"{form} with {Short(payload)}: {(int)answer.Status}";
        if (answer.Body.Contains(ErrorPage)) yield return $"{form} with {Short(payload)}: the error page";
        if (payload.Contains("pg_sleep") && answer.Took > Bound) yield return $"{form} with {Short(payload)}: took {answer.Took.TotalSeconds:0.0} s";
    }

    private static string Short(string payload) => payload.Length > 60 ? payload[..30] + $"…({payload.Length} chars)" : payload;

    /// <summary>Tenants and users in the whole database (as the superuser: row-level security would hide them).</summary>
    private async Task<(long Tenants, long Users)> CountsAsync()
    {
        await using var session = await DbSession.OpenAsync(site.Database.SuperuserConnectionString);
        return (await session.CountAsync("tenants"), await session.CountAsync("users"));
    }
}
