using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// The reconnect dialog in each state Blazor gives it. The states are set on the dialog as Blazor sets
/// them (its classes, its event), since cutting a live connection in a test would also end the page.
/// </summary>
public sealed class ReconnectDialogTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Theory]
    [InlineData("components-reconnect-show", "Reconnecting to the server", null)]
    [InlineData("components-reconnect-show components-reconnect-retrying", "Reconnecting to the server", null)]
    [InlineData("components-reconnect-retrying components-reconnect-failed", "Could not reconnect", "Retry")]
    [InlineData("components-reconnect-paused", "The server paused this session", "Resume")]
    public async Task The_dialog_shows_exactly_one_message_and_only_its_own_button(string classes, string message, string? button)
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.WaitForCircuitAsync();

        await page.EvaluateAsync("""
            classes => {
                const dialog = document.getElementById("components-reconnect-modal");
                dialog.className = classes;
                dialog.dispatchEvent(new CustomEvent("components-reconnect-state-changed", { detail: { state: "show" } }));
            }
            """, classes);

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Connection lost" });
        await Expect(dialog).ToBeVisibleAsync();
        var shown = dialog.Locator("p:visible");
        await Expect(shown).ToHaveCountAsync(1);
        await Expect(shown).ToContainTextAsync(message);
        var buttons = dialog.GetByRole(AriaRole.Button);
        if (button is null)
            await Expect(buttons).ToHaveCountAsync(0);
        else
        {
            await Expect(buttons).ToHaveCountAsync(1);
            await Expect(buttons).ToHaveTextAsync(button);
        }
    }
}
