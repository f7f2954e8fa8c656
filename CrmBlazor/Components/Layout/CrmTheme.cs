using MudBlazor;

namespace CrmBlazor.Components.Layout;

public static class CrmTheme
{
    // The status colors are darker than MudBlazor's defaults so that they read both as text on white
    // (overdue dates, won/lost figures, alert messages) and behind white text (chips, filled buttons):
    // each has a contrast of at least 4.5:1 with white, as WCAG 2.1 AA asks of normal text.
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e63b5", AppbarBackground = "#1e63b5",
            Error = "#D32F2F", Success = "#2E7D32", Warning = "#B45309", Info = "#0277BD",
        },
        // A light blue reads on the dark background as text and links; behind it, button labels are dark
        // navy, not white (white on this blue is 2.4:1). CrmThemeContrastTests checks every such pair.
        PaletteDark = new PaletteDark { Primary = "#6ea8ff", PrimaryContrastText = "#0b1f3a" },
    };
}
