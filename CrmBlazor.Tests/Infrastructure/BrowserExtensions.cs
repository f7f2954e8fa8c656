using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

public static class BrowserExtensions
{
    /// <summary>Waits until the page's Blazor circuit is connected, so clicks reach the server.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("[data-circuit=connected]").WaitForAsync();

    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }
}
