using CrmBlazor.Features.Tags;

namespace CrmBlazor.Tests.Services;

public sealed class TagColorsTests
{
    [Fact]
    public void The_text_chosen_for_any_chip_color_has_at_least_the_4_5_to_1_contrast_of_wcag_aa()
    {
        var worst = (Color: "", Ratio: double.MaxValue);
        // Every color of a 16-level grid per channel (#000000, #000011 … #FFFFFF): 4,096 of them.
        for (var r = 0; r < 256; r += 17)
        for (var g = 0; g < 256; g += 17)
        for (var b = 0; b < 256; b += 17)
        {
            var color = $"#{r:X2}{g:X2}{b:X2}";
            var ratio = Contrast(color, TagColors.TextOn(color));
            if (ratio < worst.Ratio) worst = (color, ratio);
        }

        Assert.True(worst.Ratio >= 4.5, $"{worst.Color} gets text of contrast {worst.Ratio:0.00}:1");
    }

    [Theory]
    [InlineData("#F57C00", "#000000")] // the demo's orange: white on it reads at 2.7:1
    [InlineData("#388E3C", "#000000")] // the demo's green: white on it reads at 4.1:1
    [InlineData("#1976D2", "#FFFFFF")]
    [InlineData("#D32F2F", "#FFFFFF")]
    public void A_demo_tag_color_gets_the_more_readable_of_black_and_white(string color, string text) =>
        Assert.Equal(text, TagColors.TextOn(color));

    // WCAG 2.1's contrast ratio, written out here rather than borrowed from the code under test.
    private static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = Convert.ToInt32(hex.Substring(offset, 2), 16) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
    }
}
