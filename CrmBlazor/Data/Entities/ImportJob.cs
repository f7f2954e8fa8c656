namespace CrmBlazor.Data.Entities;

/// <summary>
/// One import of one file. Pending: stored, waiting for its mapping. Validating: queued for (or in)
/// the read and validate phase. Ready: reviewed, waiting for Start. Importing: queued for (or in) the
/// write phase. Completed, Failed, Cancelled: finished. A runner holds a queued job by a lease: it
/// claimed it (<see cref="ClaimedBy"/>) and renews <see cref="LeaseUntil"/> while it runs it; a job
/// whose lease ran out is taken over by the next runner (crm_next_import_job, import_leases.sql).
/// </summary>
public class ImportJob : TenantEntity
{
    public const string Pending = "pending";
    public const string Validating = "validating";
    public const string Ready = "ready";
    public const string Importing = "importing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public static readonly string[] Statuses = [Pending, Validating, Ready, Importing, Completed, Failed, Cancelled];

    public string Kind { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Status { get; set; } = Pending;
    public int TotalRows { get; set; }
    public int ImportedRows { get; set; }
    public int UpdatedRows { get; set; }
    public int SkippedRows { get; set; }
    public int FailedRows { get; set; }
    public int RowsRead { get; set; }
    public int RowsValidated { get; set; }
    public int RowsWritten { get; set; }
    public long FileBytes { get; set; }

    /// <summary>The detected format (<c>ImportFileFormat</c> as JSON).</summary>
    public string? Format { get; set; }

    /// <summary>The file's column headers, in order.</summary>
    public string[] Columns { get; set; } = [];

    /// <summary>The reviewed <c>ImportSettings</c> as JSON.</summary>
    public string? Settings { get; set; }

    /// <summary>A sentence for the user on why the job failed.</summary>
    public string? ErrorReport { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>Completed, and the records it created still wait for their search documents (import_bulk_writes.sql).</summary>
    public bool SearchPending { get; set; }
    /// <summary>The runner that claimed the job last (its name); it may write the job's state only while this still names it.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>Until when <see cref="ClaimedBy"/> holds the job (the database's clock); null: no runner holds it.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>How often runners claimed the job since it was queued: a job whose runners keep dying is failed, not run forever.</summary>
    public int Claims { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
}

/// <summary>A column mapping saved under a name, for the next file from the same source.</summary>
public class ImportPresetRow : TenantEntity
{
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>Field key by source column header, as JSON.</summary>
    public string FieldByColumn { get; set; } = "{}";
}
