using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

public static class BrowserExtensions
{
    /// <summary>
    /// Waits until the page's Blazor circuit is connected, so clicks reach the server. When it never
    /// is, the failure says where the page is and what it shows (a login form, an error page…).
    /// </summary>
    public static async Task WaitForCircuitAsync(this IPage page)
    {
        try
        {
            await page.Locator("[data-circuit=connected]").WaitForAsync();
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"No connected circuit on {page.Url}; the page shows: {await ShownTextAsync(page)}", timeout);
        }
    }

    private static async Task<string> ShownTextAsync(IPage page)
    {
        try
        {
            return (await page.Locator("body").InnerTextAsync(new() { Timeout = 2_000 })).ReplaceLineEndings(" ");
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            return "(nothing readable)";
        }
    }

    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }
}
