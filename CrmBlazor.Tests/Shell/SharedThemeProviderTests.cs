using Bunit;
using CrmBlazor.Components.Layout;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using MudBlazor;

namespace CrmBlazor.Tests.Shell;

/// <summary>The layout's theme provider renders MudThemeProvider's style sheets, one copy of them for every circuit.</summary>
public sealed class SharedThemeProviderTests : CrmBunitContext
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void It_renders_what_MudThemeProvider_renders(bool darkMode)
    {
        var mud = Render<MudThemeProvider>(p => p.Add(t => t.Theme, CrmTheme.Theme).Add(t => t.IsDarkMode, darkMode));
        var shared = Render<SharedThemeProvider>(p => p.Add(t => t.Theme, CrmTheme.Theme).Add(t => t.IsDarkMode, darkMode));

        Assert.Contains("--mud-palette-primary: " + (darkMode ? "rgba(110,168,255,1)" : "rgba(30,99,181,1)"), shared.Markup);
        Assert.Equal(mud.Markup, shared.Markup);
    }

    [Fact]
    public void Two_circuits_hold_one_copy_of_the_theme()
    {
        var first = new RenderedTheme { Theme = CrmTheme.Theme }.MarkupFrames();
        var second = new RenderedTheme { Theme = CrmTheme.Theme }.MarkupFrames();

        Assert.Equal(3, first.Length);
        Assert.Equal(first.Length, second.Length);
        Assert.All(first.Zip(second), pair => Assert.Same(pair.First, pair.Second));
    }

    [Fact]
    public void A_switch_to_dark_mode_shows_the_dark_palette()
    {
        var provider = Render<SharedThemeProvider>(p => p.Add(t => t.Theme, CrmTheme.Theme));
        Assert.DoesNotContain("rgba(110,168,255,1)", provider.Markup);

        provider.Render(p => p.Add(t => t.IsDarkMode, true));

        Assert.Contains("rgba(110,168,255,1)", provider.Markup);
    }

    /// <summary>The markup one instance's render puts in its circuit's render tree.</summary>
    private sealed class RenderedTheme : SharedThemeProvider
    {
        public string[] MarkupFrames()
        {
            using var builder = new RenderTreeBuilder();
            BuildRenderTree(builder);
            var frames = builder.GetFrames();
            return [.. frames.Array.Take(frames.Count).Where(f => f.FrameType == RenderTreeFrameType.Markup).Select(f => f.MarkupContent)];
        }
    }
}
