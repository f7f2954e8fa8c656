using System.Globalization;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// Query-string values as pages read them. Blazor throws when a value does not parse as a
/// <c>[SupplyParameterFromQuery]</c> property's type, so a mistyped or hostile address (?tag=x, ?page=abc)
/// would end in the error message; pages take the text and parse it here, a bad value counting as absent.
/// </summary>
public static class QueryValue
{
    public static Guid? Guid(string? text) => System.Guid.TryParse(text, out var id) ? id : null;

    public static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static bool Bool(string? text) => bool.TryParse(text, out var b) && b;
}
