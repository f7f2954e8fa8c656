namespace CrmBlazor.Data.Entities;

public class ImportJob : TenantEntity
{
    public const string Pending = "pending";
    public const string Validating = "validating";
    public const string Importing = "importing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public static readonly string[] Statuses = [Pending, Validating, Importing, Completed, Failed, Cancelled];

    public string Kind { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Status { get; set; } = Pending;
    public int TotalRows { get; set; }
    public int ImportedRows { get; set; }
    public int FailedRows { get; set; }
    public string? ErrorReport { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
