namespace CrmBlazor.Data.Entities;

/// <summary>An organization using CrmBlazor; every other business row belongs to exactly one.</summary>
public class Tenant
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Settings { get; set; } = "{}";

    /// <summary>How many years audit rows are kept (1–10, the Owner's choice); deletions, security events and role changes are kept for good.</summary>
    public int AuditRetentionYears { get; set; } = DefaultAuditRetentionYears;

    /// <summary>Everyone must sign in with a second factor (an authenticator app or a passkey); only the Owner changes it.</summary>
    public bool RequireTwoFactor { get; set; }

    public const int DefaultAuditRetentionYears = 2, MinAuditRetentionYears = 1, MaxAuditRetentionYears = 10;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
