using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// The phone check of <see cref="PhoneAccessibilityTests"/> at a small laptop's and a desktop's width: every page of
/// the tour, as every role and with its dialogs, without sideways scrolling.
/// </summary>
public sealed class ScreenFitTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private static readonly string[] ScrollsSidewaysByDesign = ["[data-testid=board-columns]"];

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(1440, 900)]
    public async Task Every_page_fits_the_screen_without_scrolling_sideways(int width, int height)
    {
        var problems = new List<string>();

        await SiteTour.WalkAsync(site, chromium, new ViewportSize { Width = width, Height = height },
            async (scope, where) => problems.AddRange((await scope.SidewaysOverflowAsync(ScrollsSidewaysByDesign))
                .Select(problem => $"{where}: {problem}")));

        Assert.True(problems.Count == 0, $"At {width}×{height}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
