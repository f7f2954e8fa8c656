
namespace CrmBlazor.Features.Import;

/// <summary>A stored file ready to map: its format, its columns, its first rows (up to 20) and the suggested mapping.</summary>
public sealed record ImportUpload(
    Guid JobId, ImportKind Kind, string FileName, ImportFileFormat Format, IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> FirstRows, IReadOnlyList<ColumnMapping> Suggested);

/// <summary>A mapping a tenant saved under a name: the field each source column (by its header) maps to.</summary>
public sealed record ImportPreset(Guid Id, string Name, ImportKind Kind, IReadOnlyDictionary<string, string> FieldByColumnName);

/// <summary>What a finished job did with the file's rows.</summary>
public sealed record ImportCounts(long Imported, long Updated, long Skipped, long Failed);

/// <summary>A row the import will not write, why, and its values as the file had them.</summary>
public sealed record ImportRowIssue(long RowNumber, string Problem, IReadOnlyList<string> Values);

/// <summary>What the review found before anything is written.</summary>
public sealed record ImportReview(
    long Rows, long Valid, long Invalid, long DuplicatesInFile, long MatchingExisting, IReadOnlyList<ImportRowIssue> FirstIssues);

/// <summary>
/// A job as the import page shows it: its phase, its counters, the review and the result once there;
/// SearchPending while the records it created wait for their search documents.
/// </summary>
public sealed record ImportProgress(
    Guid JobId, ImportKind Kind, string FileName, string Status, long RowsRead, long RowsValidated, long RowsWritten,
    long TotalRows, ImportReview? Review, ImportCounts? Result, string? Problem, DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt, bool CanUndo, DateTimeOffset? UndoneAt, bool SearchPending);
