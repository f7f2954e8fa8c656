using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// A quality gate every page inherits: no WCAG 2.1 A/AA violation that axe finds, as any role, with the
/// main dialogs open too. The pages are those of <see cref="SiteTour"/>, which must name every route of
/// the app; <see cref="PhoneAccessibilityTests"/> opens the same pages on a phone.
/// </summary>
public sealed class AccessibilityTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public void Every_route_is_on_the_tour_or_skipped_for_a_reason()
    {
        var toured = SiteTour.Stops.Select(s => s.Route).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var skipped = SiteTour.Skipped.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

        var forgotten = AppRoutes.All.Where(r => !toured.Contains(r) && !skipped.Contains(r)).ToList();
        var unknown = toured.Concat(skipped).Where(r => !AppRoutes.All.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();

        Assert.True(forgotten.Count == 0,
            $"Routes neither visited by SiteTour.Stops nor listed in SiteTour.Skipped with a reason: {string.Join(", ", forgotten)}");
        Assert.True(unknown.Count == 0, $"SiteTour names routes the app no longer has: {string.Join(", ", unknown)}");
    }

    [Fact]
    public async Task No_page_or_main_dialog_breaks_a_wcag_21_aa_rule_for_any_role()
    {
        var findings = new List<AxeFinding>();

        await SiteTour.WalkAsync(site, chromium, new() { Width = 1440, Height = 900 },
            async (scope, where) => findings.AddRange(await scope.ViolationsAsync(where)));

        Assert.True(findings.Count == 0,
            $"{findings.Count} WCAG 2.1 A/AA violation(s) over {findings.Sum(f => f.Count)} element(s):{Environment.NewLine}" +
            string.Join(Environment.NewLine, findings));
    }
}
