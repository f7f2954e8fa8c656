namespace CrmBlazor.Features.Shared;

/// <summary>Cell values written to CSV files the user downloads (exports, error reports).</summary>
public static class CsvCells
{
    /// <summary>
    /// The value with a leading apostrophe when it starts with = + - @ tab or carriage return, so a
    /// spreadsheet shows it as text instead of running it as a formula (OWASP CSV injection). Quoting
    /// for the CSV itself is the writer's job.
    /// </summary>
    public static string Escape(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";
}
