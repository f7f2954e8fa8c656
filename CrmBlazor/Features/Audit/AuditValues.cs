using System.Globalization;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Audit;

/// <summary>A stored value as a person reads it: names for ids, dates as every page writes them, amounts with their currency.</summary>
public static class AuditValues
{
    public const string Empty = "empty";

    /// <param name="row">The row the value belongs to (old or new), for the currency of a deal's value.</param>
    public static string Text(string column, string? value, IReadOnlyDictionary<string, string?> row, AuditNames names)
    {
        if (value is null) return Empty;
        if (AuditNames.IsReference(column) && Guid.TryParse(value, out var id)) return names.Of(id) ?? "(deleted)";
        if (value is "true" or "false") return value == "true" ? "Yes" : "No";
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return DisplayDate.Day(day);
        if (column.EndsWith("_at") && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return DisplayDate.Moment(at);
        if (column == "value" && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            return Amount(amount, row.GetValueOrDefault("currency"));
        return value;
    }

    /// <summary>"12,000 EUR", or "12,000.50 EUR" when there are cents.</summary>
    public static string Amount(decimal amount, string? currency) =>
        $"{amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N2", CultureInfo.InvariantCulture)} {currency}".TrimEnd();
}
