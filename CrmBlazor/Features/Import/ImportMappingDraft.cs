namespace CrmBlazor.Features.Import;

/// <summary>One source column as the mapping step shows it: its header, two sample values and the field it fills (null: ignored).</summary>
public sealed class ImportColumnChoice(int column, string header, IReadOnlyList<string> samples, string? field)
{
    public int Column { get; } = column;
    public string Header { get; } = header;
    public IReadOnlyList<string> Samples { get; } = samples;
    public string? Field { get; set; } = field;
}

/// <summary>
/// The mapping being edited for one upload: starts from the suggestions, can take a saved preset, and
/// gives the settings a review is asked for. Lives in the page for as long as the upload does.
/// </summary>
public sealed class ImportMappingDraft
{
    private const int SampleCount = 2;

    public ImportMappingDraft(ImportUpload upload)
    {
        Kind = upload.Kind;
        Fields = ImportFields.For(upload.Kind);
        var suggested = upload.Suggested.Where(m => m.Field is not null).ToDictionary(m => m.Column, m => m.Field);
        Columns = upload.Columns.Select((header, i) => new ImportColumnChoice(
                i, header,
                upload.FirstRows.Select(row => i < row.Count ? row[i] : "").Where(v => v.Length > 0).Take(SampleCount).ToList(),
                suggested.GetValueOrDefault(i)))
            .ToList();
    }

    public ImportKind Kind { get; }
    public IReadOnlyList<ImportField> Fields { get; }
    public IReadOnlyList<ImportColumnChoice> Columns { get; }
    public ExistingRecordPolicy WhenRecordExists { get; set; } = ExistingRecordPolicy.Skip;
    public bool OnlyIfEveryRowIsValid { get; set; } = true;
    public bool CreateMissingCompanies { get; set; } = true;
    /// <summary>Tag names separated by commas, as typed.</summary>
    public string TagsForEveryRow { get; set; } = "";

    /// <summary>Companies kind has no company to look up, so the choice to create missing ones does not apply.</summary>
    public bool OffersCreatingCompanies => Kind != ImportKind.Companies;

    public IEnumerable<ImportColumnChoice> Ignored => Columns.Where(c => c.Field is null);

    public string LabelOf(string? field) =>
        field is null ? "Ignore this column" : Fields.FirstOrDefault(f => f.Key == field)?.Label ?? field;

    /// <summary>Maps every column the preset names (by header, ignoring case) and ignores the others.</summary>
    public void Apply(ImportPreset preset)
    {
        var byHeader = new Dictionary<string, string>(preset.FieldByColumnName, StringComparer.OrdinalIgnoreCase);
        foreach (var column in Columns)
            column.Field = byHeader.TryGetValue(column.Header, out var field) && Fields.Any(f => f.Key == field) ? field : null;
    }

    /// <summary>What a preset saved from this mapping holds: header → field for every mapped column.</summary>
    public IReadOnlyDictionary<string, string> AsPreset() =>
        Columns.Where(c => c.Field is not null)
            .DistinctBy(c => c.Header, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(c => c.Header, c => c.Field!, StringComparer.OrdinalIgnoreCase);

    public ImportSettings ToSettings() => new(
        Columns.Select(c => new ColumnMapping(c.Column, c.Field)).ToList(),
        WhenRecordExists,
        OnlyIfEveryRowIsValid,
        CreateMissingCompanies && OffersCreatingCompanies,
        TagsForEveryRow.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
