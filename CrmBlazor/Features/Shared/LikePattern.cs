namespace CrmBlazor.Features.Shared;

/// <summary>
/// What the user types into a search is text, not a pattern: %, _ and \ match themselves. Pass
/// <see cref="Escape"/> as LIKE's escape character along with the pattern.
/// </summary>
public static class LikePattern
{
    public const string Escape = @"\";

    /// <summary>A LIKE pattern that matches any value containing <paramref name="text"/>, character for character.</summary>
    public static string Containing(string text) =>
        "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
