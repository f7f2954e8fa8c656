using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Bench;

/// <summary>
/// One rep's scripted day in a real browser page, round after round: open the contact list, search with a
/// typo, open the contact, log a call, open the board, move a deal (by keyboard, as the board allows), each by
/// clicking inside the circuit. Each interaction is timed from the action to the page showing its result (the
/// server's round trip and the browser applying it); a wait that times out is an error, after which the rep
/// loads the app again and starts the next round. Between two interactions the rep reads the page for a while
/// (<paramref name="think"/> on average, drawn between half and one and a half times it), as people do; the
/// reading is not timed.
/// </summary>
public sealed class RepDay(IPage page, LoadData.Rep rep, Interactions results, TimeSpan think, int seed)
{
    private readonly Random reading = new(seed);
    private int round;
    private DateTime end;

    public async Task RunUntilAsync(DateTime end)
    {
        this.end = end;
        var lost = true;
        while (DateTime.UtcNow < end)
        {
            try
            {
                // The day starts (and, after an error, starts again) with the app loaded once; then every step
                // happens inside the circuit, as a rep clicks through the app.
                if (lost) await OpenAppAsync();
                lost = false;
                await RoundAsync();
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                results.Error(ex.Message.Split('\n')[0]);
                lost = true;
            }
            catch (DayIsOver)
            {
                return;
            }
            round++;
        }
    }

    private async Task OpenAppAsync()
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-circuit=connected]")).ToBeVisibleAsync();
    }

    private ILocator NavLink(string name) => page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    private async Task RoundAsync()
    {
        await TimedAsync("contact list", async () =>
        {
            await NavLink("Contacts").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();
        });
        await TimedAsync("search with a typo", async () =>
        {
            await page.GetByLabel("Search", new() { Exact = true }).FillAsync("Quiblesworth");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = rep.Contact })).ToBeVisibleAsync();
        });
        await TimedAsync("open a contact", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = rep.Contact }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = rep.Contact })).ToBeVisibleAsync();
        });
        var subject = $"Call {round} of {rep.Email}";
        await TimedAsync("log a call", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Log a call" }).ClickAsync();
            await page.GetByLabel("Subject").FillAsync(subject);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByTestId("timeline-entry").Filter(new() { HasText = subject })).ToBeVisibleAsync();
        });
        await TimedAsync("open the board", async () =>
        {
            await NavLink("Pipeline").ClickAsync();
            await Expect(MyDeal()).ToBeVisibleAsync();
        });
        // From the first stage to the second and back: the rep's deal goes right if it is in the first, else left.
        var inFirst = await Column("Prospecting").Locator(MyDeal()).CountAsync() == 1;
        var (key, stage) = inFirst ? ("Shift+ArrowRight", "Qualification") : ("Shift+ArrowLeft", "Prospecting");
        await TimedAsync("move a deal", async () =>
        {
            await MyDeal().FocusAsync();
            await page.Keyboard.PressAsync(key);
            await Expect(Column(stage).Locator(MyDeal())).ToBeVisibleAsync();
        });
    }

    private ILocator Column(string stage) => page.GetByRole(AriaRole.Region, new() { Name = stage, Exact = true });

    private ILocator MyDeal() => page.Locator($"[data-testid=deal-card][data-deal-id='{rep.DealId}']");

    private async Task TimedAsync(string interaction, Func<Task> action)
    {
        if (think > TimeSpan.Zero)
        {
            var pause = think * (0.5 + reading.NextDouble());
            // A rep who would still be reading when the day ends leaves instead of starting one more interaction.
            if (DateTime.UtcNow + pause >= end) throw new DayIsOver();
            await Task.Delay(pause);
        }
        var clock = Stopwatch.StartNew();
        await action();
        results.Add(interaction, clock.Elapsed.TotalMilliseconds);
    }

    private sealed class DayIsOver : Exception;
}
