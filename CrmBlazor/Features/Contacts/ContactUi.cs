using CrmBlazor.Tenancy;
using MudBlazor;

namespace CrmBlazor.Features.Contacts;

/// <summary>How contact screens report refusals and offer undo, the same way everywhere.</summary>
public static class ContactUi
{
    /// <summary>Runs a change; a refusal the user can understand becomes a snackbar, not an error page.</summary>
    public static async Task<bool> TryAsync(ISnackbar snackbar, Func<Task> change)
    {
        try
        {
            await change();
            return true;
        }
        catch (Exception ex) when (ex is PermissionDeniedException or StaleSelectionException)
        {
            snackbar.Add(ex.Message, Severity.Warning);
            return false;
        }
    }

    public static void OfferUndo(ISnackbar snackbar, string message, Func<Task> undo) =>
        snackbar.Add(message, Severity.Normal, options =>
        {
            options.Action = "Undo";
            options.ActionColor = Color.Primary;
            options.VisibleStateDuration = 10_000;
            options.OnClick = _ => undo();
        });
}
