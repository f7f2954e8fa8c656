using CrmBlazor.Components.Layout;
using MudBlazor;
using MudBlazor.Utilities;

namespace CrmBlazor.Tests.Shell;

/// <summary>
/// WCAG 2.1 contrast of the theme's text against what it sits on, in light and dark mode: at least
/// 4.5:1, the AA level for normal text. The formula is WCAG's own, written here from the spec, not the app's.
/// </summary>
public sealed class CrmThemeContrastTests
{
    public static TheoryData<string, string, string> Pairs()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (mode, palette) in new (string, Palette)[] { ("light", CrmTheme.Theme.PaletteLight), ("dark", CrmTheme.Theme.PaletteDark) })
        {
            data.Add($"{mode}: primary button label", palette.PrimaryContrastText.ToString(MudColorOutputFormats.HexA), palette.Primary.ToString(MudColorOutputFormats.HexA));
            data.Add($"{mode}: text on background", palette.TextPrimary.ToString(MudColorOutputFormats.HexA), palette.Background.ToString(MudColorOutputFormats.HexA));
            data.Add($"{mode}: text on surface", palette.TextPrimary.ToString(MudColorOutputFormats.HexA), palette.Surface.ToString(MudColorOutputFormats.HexA));
            data.Add($"{mode}: primary text and links on background", palette.Primary.ToString(MudColorOutputFormats.HexA), palette.Background.ToString(MudColorOutputFormats.HexA));
            data.Add($"{mode}: primary text and links on surface", palette.Primary.ToString(MudColorOutputFormats.HexA), palette.Surface.ToString(MudColorOutputFormats.HexA));
            data.Add($"{mode}: app bar", palette.AppbarText.ToString(MudColorOutputFormats.HexA), palette.AppbarBackground.ToString(MudColorOutputFormats.HexA));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Text_has_at_least_4_5_to_1_contrast_with_what_it_sits_on(string pair, string foreground, string background)
    {
        var ratio = ContrastRatio(new MudColor(foreground), new MudColor(background));

        Assert.True(ratio >= 4.5, $"{pair}: {foreground} on {background} is {ratio:0.00}:1");
    }

    [Fact]
    public void The_formula_gives_the_known_extremes_and_the_old_dark_primary_fails()
    {
        Assert.Equal(21.0, ContrastRatio(new MudColor("#000000"), new MudColor("#ffffff")), 2);
        Assert.Equal(1.0, ContrastRatio(new MudColor("#777777"), new MudColor("#777777")), 2);
        // White on the dark primary, as the theme had it before: 2.4:1.
        Assert.Equal(2.41, ContrastRatio(new MudColor("#ffffff"), new MudColor("#6ea8ff")), 2);
    }

    /// <summary>A translucent foreground is first laid over the (opaque) background, as the browser paints it.</summary>
    private static double ContrastRatio(MudColor foreground, MudColor background)
    {
        var alpha = foreground.A / 255.0;
        double Over(byte fg, byte bg) => fg * alpha + bg * (1 - alpha);
        var lighter = Luminance(Over(foreground.R, background.R), Over(foreground.G, background.G), Over(foreground.B, background.B));
        var darker = Luminance(background.R, background.G, background.B);
        if (lighter < darker) (lighter, darker) = (darker, lighter);
        return (lighter + 0.05) / (darker + 0.05);
    }

    private static double Luminance(double r, double g, double b) => 0.2126 * Channel(r) + 0.7152 * Channel(g) + 0.0722 * Channel(b);

    private static double Channel(double value)
    {
        var c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
