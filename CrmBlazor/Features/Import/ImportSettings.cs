namespace CrmBlazor.Features.Import;

/// <summary>Which field a source column (by position, from 0) fills; a null field means the column is ignored.</summary>
public sealed record ColumnMapping(int Column, string? Field);

/// <summary>What to do with a row that matches a record already stored (same email, same company domain or name).</summary>
public enum ExistingRecordPolicy
{
    Skip,
    Update,
    CreateAnyway,
}

/// <summary>
/// Everything the review and the job need besides the file: the mapping, what to do with existing
/// records, whether one invalid row stops the whole import, whether missing companies are created,
/// and tags applied to every imported row (by name; missing tags are created).
/// </summary>
public sealed record ImportSettings(
    IReadOnlyList<ColumnMapping> Columns,
    ExistingRecordPolicy WhenRecordExists = ExistingRecordPolicy.Skip,
    bool OnlyIfEveryRowIsValid = true,
    bool CreateMissingCompanies = true,
    IReadOnlyList<string>? TagsForEveryRow = null);
