using System.Globalization;

namespace CrmBlazor.Features.Shared;

/// <summary>A count with its noun in the right number, "1 contact", "2 contacts", instead of "2 contact(s)".</summary>
public static class Plural
{
    /// <param name="plural">For nouns that do not just add an s: Plural.Of(n, "company", "companies").</param>
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";
}
