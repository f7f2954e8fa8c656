using MudBlazor;

namespace CrmBlazor.Features.Shared;

/// <summary>The snackbar that follows a delete: a message with an Undo button, shown long enough to reach it.</summary>
public static class UndoSnackbar
{
    /// <summary>Shows <paramref name="message"/>; Undo runs <paramref name="undo"/>.</summary>
    public static void Offer(ISnackbar snackbar, string message, Func<Task> undo) =>
        snackbar.Add(message, Severity.Normal, options =>
        {
            options.Action = "Undo";
            options.ActionColor = Color.Primary;
            options.VisibleStateDuration = 10_000;
            options.OnClick = _ => undo();
        });
}
