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
        await SettledAsync(page);
    }

    /// <summary>
    /// Waits until the drop zones have taken the board's latest cards: the re-render that follows each load
    /// can replace a card's element, and a drag begun on it or a focus put on it just before would be lost.
    /// </summary>
    public static Task SettledAsync(IPage page) => Expect(page.Locator("[data-testid=board][data-settled]")).ToBeVisibleAsync();

    public static ILocator Column(IPage page, string stage) => page.GetByRole(AriaRole.Region, new() { Name = stage, Exact = true });

    public static ILocator Cards(ILocator column) => column.GetByTestId("deal-card");

    public static ILocator Card(IPage page, string id) => page.Locator($"[data-testid=deal-card][data-deal-id='{id}']");

    public static async Task<string> IdOfAsync(ILocator card) => (await card.GetAttributeAsync("data-deal-id"))!;
}
