using System.Globalization;
using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Import;

/// <summary>SQL fragments over a job's staging rows (<c>import_rows</c>) for one kind of import.</summary>
public sealed class ImportSql(ImportKind kind)
{
    private readonly IReadOnlyList<ImportField> fields = ImportFields.For(kind);

    /// <summary>The mapped value of <paramref name="field"/> in the staging row aliased <paramref name="row"/>; NULL when the kind has no such field.</summary>
    public string Value(string field, string row = "s")
    {
        for (var i = 0; i < fields.Count; i++)
            if (fields[i].Key == field) return $"{row}.mapped[{i + 1}]";
        return "NULL::text";
    }

    /// <summary>A CASE branch per text field with a limit: the first field that is too long gives the row's problem.</summary>
    public string TooLongBranches(string row = "s") => string.Concat(fields
        .Where(f => f.MaxLength is not null && f.Key is not ImportFields.Tags)
        .Select(f => $"\n        WHEN length({Value(f.Key, row)}) > {f.MaxLength} THEN " +
                     $"'{f.Label.Replace("'", "''")} is longer than {f.MaxLength!.Value.ToString("N0", CultureInfo.InvariantCulture)} characters (' || length({Value(f.Key, row)}) || ').'"));

    /// <summary>The tag names of the row (its tags column split at commas and semicolons) and the job's tags for every row.</summary>
    public string TagNames(string row = "s") =>
        $"(SELECT DISTINCT btrim(name) AS name FROM unnest(regexp_split_to_array(coalesce({Value(ImportFields.Tags, row)}, ''), '[,;]') || @every_tags::text[]) name WHERE btrim(name) <> '')";

    /// <summary>The job's last staging row number (0 without rows): the end of the write's and the indexing's batches, in db's transaction if it has one.</summary>
    public static Task<int> LastRowAsync(CrmDbContext db, Guid jobId, CancellationToken ct) =>
        db.Database.SqlQuery<int>($"SELECT coalesce(max(row_number), 0) AS \"Value\" FROM import_rows WHERE job_id = {jobId}").SingleAsync(ct);

    /// <summary>What became of a staging row, given the job's settings (parameter @policy).</summary>
    public const string Outcome =
        "CASE WHEN s.problem IS NOT NULL THEN 'failed' WHEN s.existing_id IS NULL OR @policy = 'CreateAnyway' THEN 'imported' " +
        "WHEN @policy = 'Update' THEN 'updated' ELSE 'skipped' END";

    /// <summary>The record a written row ends up as: the one it created, or the existing one it updated.</summary>
    public const string Target = "CASE WHEN s.existing_id IS NULL OR @policy = 'CreateAnyway' THEN s.record_id ELSE s.existing_id END";

    public const string EmailPattern = "'^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'";
    /// <summary>The phone rule of the forms and of ck_contacts_phone_format / ck_companies_phone_format, as an SQL literal.</summary>
    public const string PhonePattern = "'" + Shared.PhoneNumber.Pattern + "'";
    public const string DomainPattern = "'^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$'";
}
