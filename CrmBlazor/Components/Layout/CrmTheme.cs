using MudBlazor;

namespace CrmBlazor.Components.Layout;

public static class CrmTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1e63b5", AppbarBackground = "#1e63b5" },
        PaletteDark = new PaletteDark { Primary = "#6ea8ff" },
    };
}
