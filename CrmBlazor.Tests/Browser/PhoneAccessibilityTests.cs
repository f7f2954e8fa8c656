using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// A quality gate every page inherits: every page of <see cref="SiteTour"/>, as every role and with its
/// main dialogs, fits a phone held upright without scrolling sideways (WCAG 2.1's Reflow, 1.4.10, asks the
/// same at 320 px). A class of its own, so that it runs alongside <see cref="AccessibilityTests"/>.
/// </summary>
public sealed class PhoneAccessibilityTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    /// <summary>
    /// Containers allowed to scroll sideways on a phone, each for a reason. Nothing else is.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> ScrollsSidewaysByDesign = new Dictionary<string, string>
    {
        ["[data-testid=board-columns]"] = "the pipeline board's stages sit side by side, one column each, and are swiped through",
    };

    [Fact]
    public async Task Every_page_fits_a_phone_without_scrolling_sideways()
    {
        var problems = new List<string>();

        await SiteTour.WalkAsync(site, chromium, PhoneFit.Phone,
            async (scope, where) => problems.AddRange((await scope.SidewaysOverflowAsync(ScrollsSidewaysByDesign.Keys.ToList()))
                .Select(problem => $"{where}: {problem}")));

        Assert.True(problems.Count == 0,
            $"At {PhoneFit.Phone.Width}×{PhoneFit.Phone.Height}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
