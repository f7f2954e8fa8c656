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
            Assert.Equal(account, nobody);
            Assert.Contains(attempt < 5 ? "invalid email or password" : "locked", account);
        }
    }

    /// <summary>
    /// The login page's words after a sign-in, with the clock time of a lockout masked (the two answers may straddle
    /// a minute). innerText follows the stylesheet (text-transform, line breaks), which a page may still be applying:
    /// the page is read once loaded, and compared word for word, whatever the spacing and case.
    /// </summary>
    private static async Task<string> AnswerAsync(IPage page, string email, string password)
    {
        await page.SignInAsync(email, password);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        var words = Regex.Replace(await page.Locator("body").InnerTextAsync(), @"\s+", " ").Trim().ToLowerInvariant();
        return Regex.Replace(words, @"\d\d:\d\d utc \(\d{4}-\d\d-\d\d\)", "hh:mm utc (date)");
    }
}
