using MudBlazor;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// How every snackbar behaves unless it says otherwise: it confirms and goes away by itself after a
/// few seconds, or at once with its close button, so that it never sits over a page's buttons.
/// An undo offer stays longer (<see cref="UndoSnackbar"/>), long enough to reach its button.
/// </summary>
public static class SnackbarDefaults
{
    public const int VisibleMilliseconds = 4_000;

    public static void Configure(SnackbarConfiguration snackbars)
    {
        snackbars.PositionClass = Defaults.Classes.Position.BottomLeft;
        snackbars.VisibleStateDuration = VisibleMilliseconds;
        // MudBlazor's default keeps a snackbar with an action ("Deal created · Open") until clicked.
        snackbars.RequireInteraction = false;
        snackbars.ShowTransitionDuration = 200;
        snackbars.HideTransitionDuration = 300;
        snackbars.ShowCloseIcon = true;
        snackbars.MaxDisplayedSnackbars = 3;
        snackbars.SnackbarVariant = Variant.Filled;
    }
}
