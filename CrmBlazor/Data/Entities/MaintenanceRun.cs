namespace CrmBlazor.Data.Entities;

/// <summary>
/// One run of a maintenance job over the whole database (a backup, its verification, a restore, the trash purge,
/// the audit retention purge), written by the schema owner's processes; the app only reads it (Admin → Data health).
/// Global, like the database it describes: no tenant.
/// </summary>
public class MaintenanceRun
{
    public const string Backup = "backup", VerifyBackup = "verify_backup", Restore = "restore",
        TrashPurge = "trash_purge", AuditRetention = "audit_retention";

    public static readonly string[] Kinds = [Backup, VerifyBackup, Restore, TrashPurge, AuditRetention];

    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Null while the run is going on (or when it died before it could say).</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    public bool? Succeeded { get; set; }

    /// <summary>What the run did or why it failed, in a sentence (a file name, counts, the error).</summary>
    public string? Detail { get; set; }
}
