namespace CrmBlazor.Features.Import;

/// <summary>What a mapping must hold before a file is reviewed with it.</summary>
public static class ImportMappingRules
{
    /// <summary>The sentence that refuses the mapping, or null when it can be used.</summary>
    public static string? Check(ImportKind kind, IReadOnlyList<string> columns, ImportSettings settings)
    {
        var fields = ImportFields.For(kind);
        var mapped = settings.Columns.Where(c => c.Field is not null).ToList();
        if (mapped.FirstOrDefault(c => c.Column < 0 || c.Column >= columns.Count) is { } outside)
            return $"Column {outside.Column + 1} is not in the file, which has {columns.Count} columns.";
        if (mapped.FirstOrDefault(c => fields.All(f => f.Key != c.Field)) is { } unknown)
            return $"“{unknown.Field}” is not a field of {kind.Key()}.";
        if (mapped.GroupBy(c => c.Field).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return $"{Label(fields, twice.Key!)} is mapped from more than one column ({string.Join(", ", twice.Select(c => $"“{columns[c.Column]}”"))}); map it from one.";
        var keys = mapped.Select(c => c.Field).ToHashSet();
        return kind switch
        {
            ImportKind.Contacts when !keys.Overlaps([ImportFields.FirstName, ImportFields.LastName, ImportFields.FullName]) =>
                "Map a column to First name, Last name or Full name: a contact needs a name.",
            ImportKind.Companies when !keys.Contains(ImportFields.Name) => "Map a column to Name: a company needs a name.",
            ImportKind.Deals when !keys.Contains(ImportFields.Title) => "Map a column to Title: a deal needs a title.",
            _ => null,
        };
    }

    private static string Label(IReadOnlyList<ImportField> fields, string key) => fields.Single(f => f.Key == key).Label;
}
