using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class SignInEnumerationTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task An_unknown_email_reads_exactly_like_an_account_through_to_its_lockout()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var account = await AnswerAsync(page, DemoTenant.Viewer, $"wrong-password-{attempt}");
            var nobody = await AnswerAsync(page, "nobody-at-all@crm.local", $"wrong-password-{attempt}");
            // innerText follows CSS text-transform, which a page still applying MudBlazor's stylesheet may not
            // have yet ("Log in" against "LOG IN"): the words are what must not differ.
            Assert.Equal(account, nobody, ignoreCase: true);
            Assert.Contains(attempt < 5 ? "Invalid email or password" : "locked", account);
        }
    }

    /// <summary>The login page's whole text after a sign-in, with the clock time of a lockout masked (the two answers may straddle a minute).</summary>
    private static async Task<string> AnswerAsync(IPage page, string email, string password)
    {
        await page.SignInAsync(email, password);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        return Regex.Replace(await page.Locator("body").InnerTextAsync(), @"\d\d:\d\d UTC \(\d{4}-\d\d-\d\d\)", "HH:mm UTC (date)");
    }
}
