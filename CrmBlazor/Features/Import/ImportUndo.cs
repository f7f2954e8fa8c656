using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Undoes a completed job within 30 days, in one transaction: the records it created (and the
/// companies it created for them) are soft-deleted, the tags it created are removed, and the
/// records it updated get back the values kept in their staging rows and lose the tags it added.
/// Audited as import.undo.
/// </summary>
public sealed class ImportUndo(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, TimeProvider clock)
{
    public async Task<SaveResult> UndoAsync(Guid jobId)
    {
        await guard.DemandAsync(Permission.EditRecords, "import.undo");
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Locked first: the runner may still be noting the job's search indexing, which would move its version under us.
        await db.Database.ExecuteSqlAsync($"SELECT FROM import_jobs WHERE id = {jobId} FOR UPDATE");
        var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == jobId);
        if (job is null) return SaveResult.Gone(ImportService.JobGone);
        var now = clock.GetUtcNow();
        if (!ImportViewsOf.CanUndo(job, now))
            return SaveResult.Refused(job.UndoneAt is not null ? "This import has already been undone."
                : job.Status != ImportJob.Completed ? "Only a completed import can be undone."
                : "This import is more than 30 days old, or changed nothing; it can no longer be undone.");

        var kind = ImportJobSettings.KindOf(job);
        var policy = ImportJobSettings.SettingsOf(job).WhenRecordExists.ToString();
        var table = ImportWriteSql.Table(kind);
        // The columns an import's update may change (ImportWriteSql.UpdateBatch).
        var columns = kind switch
        {
            ImportKind.Contacts => "first_name, last_name, phone, job_title, notes, company_id, owner_id",
            ImportKind.Companies => "name, website, industry, phone, address_line, city, region, postal_code, country, owner_id",
            _ => "value, currency, probability, expected_close_date, owner_id",
        };
        // Only the table and column names are spliced in, and both come from the code, not from the user.
        var removeCreated = $"""
            UPDATE {table} t SET deleted_at = @p2 FROM import_rows s
            WHERE s.job_id = @p0 AND ({ImportSql.Outcome.Replace("@policy", "@p1")}) = 'imported' AND t.id = s.record_id AND t.deleted_at IS NULL
            """;
        var restoreUpdated = $"""
            UPDATE {table} t SET ({columns}) = (SELECT {columns} FROM jsonb_populate_record(NULL::{table}, s.previous))
            FROM import_rows s WHERE s.job_id = @p0 AND s.previous IS NOT NULL AND t.id = s.existing_id
            """;
        var (links, key) = ImportWriteSql.TagLinkTable(kind);
        var removeAddedTags = $"""
            DELETE FROM {links} l USING import_rows s
            WHERE s.job_id = @p0 AND s.added_tag_ids IS NOT NULL AND l.{key} = s.existing_id AND l.tag_id = ANY (s.added_tag_ids)
            """;
        await db.Database.ExecuteSqlRawAsync(removeCreated, jobId, policy, now);
        await db.Database.ExecuteSqlRawAsync(restoreUpdated, jobId);
        await db.Database.ExecuteSqlRawAsync(removeAddedTags, jobId);
        await db.Database.ExecuteSqlRawAsync("""
            UPDATE companies t SET deleted_at = @p1 FROM import_created_records c
            WHERE c.job_id = @p0 AND c.table_name = 'companies' AND t.id = c.record_id AND t.deleted_at IS NULL
            """, jobId, now);
        await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM tags t USING import_created_records c WHERE c.job_id = @p0 AND c.table_name = 'tags' AND t.id = c.record_id", jobId);

        job.UndoneAt = now;
        AuditTrail.Record(db, "import.undo", job.Id, "import_jobs",
            $"{job.ImportedRows} created rows removed, {job.UpdatedRows} updated rows restored");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return SaveResult.Saved(job.Id);
    }
}
