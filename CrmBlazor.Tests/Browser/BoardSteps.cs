using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The pipeline board's steps and places, for the tests of one node's board and of boards across nodes.</summary>
internal static class BoardSteps
{
    public static async Task OpenBoardAsync(IPage page, string email)
    {
        // Wide enough for all six columns: a drag cannot reach a column scrolled out of view.
        await page.SetViewportSizeAsync(2200, 1200);
        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/pipeline");
        await page.WaitForCircuitAsync();
        await Expect(Cards(Column(page, "Prospecting")).First).ToBeVisibleAsync();
    }

    public static ILocator Column(IPage page, string stage) => page.GetByRole(AriaRole.Region, new() { Name = stage, Exact = true });

    public static ILocator Cards(ILocator column) => column.GetByTestId("deal-card");

    public static ILocator Card(IPage page, string id) => page.Locator($"[data-testid=deal-card][data-deal-id='{id}']");

    public static async Task<string> IdOfAsync(ILocator card) => (await card.GetAttributeAsync("data-deal-id"))!;
}
