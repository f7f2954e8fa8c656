namespace CrmBlazor.Features.Search;

/// <summary>
/// What a search box hands to a search: the text as typed, cut to <see cref="MaxLength"/> characters
/// (the page says so), or nothing when it is empty or white space, which means the plain list.
/// </summary>
public sealed record SearchText(string Text, bool WasCut)
{
    public const int MaxLength = 200;

    public const string CutNote = "Only the first 200 characters of the search are used.";

    public static SearchText? From(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var text = typed.Trim();
        return text.Length > MaxLength ? new(text[..MaxLength], true) : new(text, false);
    }

    /// <summary>Whether a search typed this way is cut: for notes next to search boxes.</summary>
    public static bool IsCut(string? typed) => From(typed)?.WasCut == true;
}
