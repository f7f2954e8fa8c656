using CrmBlazor.Tenancy;
using MudBlazor;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// How components call a service that may refuse: the acting role may not (PermissionDeniedException),
/// or the records are gone (StaleSelectionException). Both carry a sentence for the user, which the
/// component shows where it shows its other problems, never as an error page.
/// </summary>
public static class Refusals
{
    /// <summary><paramref name="call"/>'s answer, or the sentence refusing it.</summary>
    public static async Task<(T? Answer, string? Refusal)> TryAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return (await call(), null);
        }
        catch (Exception ex) when (ex is PermissionDeniedException or StaleSelectionException)
        {
            return (default, ex.Message);
        }
    }

    /// <summary>Runs <paramref name="call"/>; a refusal is shown as a warning snackbar. False when it was refused.</summary>
    public static async Task<bool> TryAsync(ISnackbar snackbar, Func<Task> call)
    {
        var (_, refusal) = await TryAsync(async () =>
        {
            await call();
            return true;
        });
        if (refusal is not null) snackbar.Add(refusal, Severity.Warning);
        return refusal is null;
    }

    /// <summary>
    /// Runs a write that answers with a <see cref="SaveResult"/>; a refusal, or the result's problem or first field error,
    /// is shown as a warning snackbar (for writes without a form to show it next to, such as an undo). False when not saved.
    /// </summary>
    public static async Task<bool> TryAsync(ISnackbar snackbar, Func<Task<SaveResult>> call)
    {
        var (result, refusal) = await TryAsync(call);
        refusal ??= result!.Succeeded ? null : result.Problem ?? result.Errors.Values.FirstOrDefault();
        if (refusal is not null) snackbar.Add(refusal, Severity.Warning);
        return refusal is null;
    }
}
