using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The import page as a user drives it: by its labels, buttons and the counts it shows.</summary>
public sealed class ImportWizard(IPage page)
{
    // A job runs in the background: reading, checking and writing take longer than Playwright's 5 s default on a busy machine.
    public static readonly LocatorAssertionsToBeVisibleOptions JobTime = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveTextOptions JobText = new() { Timeout = 60_000 };

    /// <summary>Opens a new contacts import, once the page is interactive.</summary>
    public static async Task<ImportWizard> OpenAsync(IPage page)
    {
        await page.GotoAsync("/import?kind=contacts");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import", Exact = true })).ToBeVisibleAsync();
        return new ImportWizard(page);
    }

    public ILocator Next => page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });

    /// <summary>Chooses the file and waits for the page to show its first rows, under the job's own address.</summary>
    public async Task UploadAsync(string fileName, byte[] content)
    {
        var input = page.GetByLabel("Choose a CSV file", new() { Exact = true });
        await Expect(input).ToBeEnabledAsync();
        await input.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = content });
        await Expect(page.GetByTestId("detected-format")).ToBeVisibleAsync(JobTime);
        await Expect(page).ToHaveURLAsync(new Regex("/import/[0-9a-f-]{36}$"));
    }

    /// <summary>What the "Maps to" select of the column headed <paramref name="header"/> shows.</summary>
    public ILocator MapsTo(string header) =>
        page.Locator($"[data-testid=mapping-row][data-column=\"{header}\"] input:not([type=hidden])").First;

    public ILocator Ignored => page.GetByTestId("ignored-columns");

    /// <summary>The review's count in the row headed <paramref name="name"/> ("Rows", "Valid", "Invalid"…).</summary>
    public ILocator ReviewCount(string name) =>
        page.GetByTestId("review-counts").Locator("tr").Filter(new() { Has = page.Locator($"th:text-is(\"{name}\")") }).Locator("td");

    /// <summary>Asks for the review and waits until it shows its counts.</summary>
    public async Task ReviewAsync()
    {
        await Next.ClickAsync();
        await Expect(page.GetByTestId("review-counts")).ToBeVisibleAsync(JobTime);
    }

    public ILocator Issue(int rowNumber) => page.Locator($"[data-testid=import-issue][data-row=\"{rowNumber}\"]");

    /// <summary>From the review: Next, Start import, and wait until the job reports its result.</summary>
    public async Task ImportAsync()
    {
        await Next.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start import" }).ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToBeVisibleAsync(JobTime);
    }

    public Task ExpectResultAsync(long imported, long updated, long skipped, long failed) =>
        Expect(page.GetByTestId("import-result")).ToHaveTextAsync(
            new Regex($"^{imported:N0} imported\\s*{updated:N0} updated\\s*{skipped:N0} skipped\\s*{failed:N0} failed$"), JobText);
}
