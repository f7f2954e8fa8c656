using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Import;

/// <summary>Job rows and their staging rows shaped as the import page's records.</summary>
internal static class ImportViewsOf
{
    public static readonly TimeSpan UndoWindow = TimeSpan.FromDays(30);

    public static ImportProgress Progress(ImportJob job, ImportReview? review, DateTimeOffset now) => new(
        job.Id, ImportJobSettings.KindOf(job), job.FileName, job.Status, job.RowsRead, job.RowsValidated, job.RowsWritten, job.TotalRows,
        review,
        job.Status == ImportJob.Completed ? new ImportCounts(job.ImportedRows, job.UpdatedRows, job.SkippedRows, job.FailedRows) : null,
        job.ErrorReport, job.CreatedAt, job.FinishedAt, CanUndo(job, now), job.UndoneAt, job.SearchPending);

    public static bool CanUndo(ImportJob job, DateTimeOffset now) =>
        job.Status == ImportJob.Completed && job.UndoneAt is null && job.FinishedAt is { } finished && now - finished <= UndoWindow
        && job.ImportedRows + job.UpdatedRows > 0;

    // SqlQuery maps columns by the snake_case naming convention.
    private sealed record Tally(long Rows, long Valid, long Invalid, long Duplicates, long Matching);
    private sealed record Issue(int RowNumber, string Problem, string[] Raw);

    public static async Task<ImportReview> ReviewAsync(CrmDbContext db, Guid jobId, int issuesToShow)
    {
        var tally = await db.Database.SqlQuery<Tally>($"""
            SELECT count(*) AS rows, count(*) FILTER (WHERE problem IS NULL) AS valid, count(*) FILTER (WHERE problem IS NOT NULL) AS invalid,
                   count(*) FILTER (WHERE duplicate) AS duplicates, count(*) FILTER (WHERE existing_id IS NOT NULL AND problem IS NULL) AS matching
            FROM import_rows WHERE job_id = {jobId}
            """).SingleAsync();
        var issues = await db.Database.SqlQuery<Issue>($"""
            SELECT row_number, problem, raw FROM import_rows
            WHERE job_id = {jobId} AND problem IS NOT NULL ORDER BY row_number LIMIT {issuesToShow}
            """).ToListAsync();
        return new ImportReview(tally.Rows, tally.Valid, tally.Invalid, tally.Duplicates, tally.Matching,
            issues.Select(i => new ImportRowIssue(i.RowNumber, i.Problem, i.Raw)).ToList());
    }
}
