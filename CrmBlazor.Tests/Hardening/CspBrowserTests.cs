using System.Collections.Concurrent;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Hardening;

/// <summary>
/// The main pages work under the Content-Security-Policy: signed in, the contacts list, a dialog, the
/// board and search everything run their circuit with no violation reported. The test's last step
/// injects an inline script, which the policy must block and report: the listener is shown to hear one.
/// </summary>
public sealed class CspBrowserTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    // Chromium reports each violation on the console; the listener adds the DOM event's view of it.
    private const string ReportViolations = """
        document.addEventListener('securitypolicyviolation', e =>
            console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
        """;

    [Fact]
    public async Task The_main_pages_run_under_the_policy_without_a_violation()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        var violations = new ConcurrentQueue<string>();
        await context.AddInitScriptAsync(ReportViolations);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy") || message.Text.StartsWith("CSP violation")) violations.Enqueue(message.Text);
        };
        page.PageError += (_, error) => violations.Enqueue("page error: " + error);

        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.GetByLabel("First name").FillAsync("Policy");
        await Expect(page.GetByLabel("First name")).ToHaveValueAsync("Policy");
        await page.SetViewportSizeAsync(2200, 1200);
        await page.GotoAsync("/pipeline");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByTestId("deal-card").First).ToBeVisibleAsync();
        await page.GotoAsync("/companies");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();

        Assert.Empty(violations);

        // The control: an injected inline script does not run, and the violation is heard.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); }");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.injected ?? null"));
        await Until.TrueAsync(() => !violations.IsEmpty, TimeSpan.FromSeconds(10), "the browser to report the violation");
        Assert.Contains(violations, v => v.Contains("script-src"));
    }
}
