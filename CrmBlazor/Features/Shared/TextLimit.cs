namespace CrmBlazor.Features.Shared;

/// <summary>When a length-limited field shows its counter, and what it says at the limit (see LimitedTextField).</summary>
public static class TextLimit
{
    /// <summary>The counter shows from this share of the limit on: early enough to stop typing, late enough not to distract.</summary>
    public const double NearShare = 0.8;

    public static bool IsNear(string? value, int max) => (value?.Length ?? 0) >= max * NearShare;

    /// <summary>Said once the text fills the field: the browser cut anything typed or pasted beyond it.</summary>
    public static string? Note(string? value, int max) =>
        (value?.Length ?? 0) >= max ? $"Reached the {max}-character limit; anything longer was cut." : null;
}
