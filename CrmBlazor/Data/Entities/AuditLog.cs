namespace CrmBlazor.Data.Entities;

/// <summary>
/// One change to one row (written by the audit trigger, with old and new values) or one application
/// event such as <c>login.failed</c>. Append-only for the app.
/// </summary>
public class AuditLog : ITenantOwned
{
    public const string Insert = "insert";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string EventAction = "event";

    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public string? TableName { get; set; }
    public Guid? RecordId { get; set; }
    public string Action { get; set; } = "";
    public string? Event { get; set; }
    public string? OldData { get; set; }
    public string? NewData { get; set; }
    public Guid? ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Where the change came from: the client's address and user agent, stamped by the database from the session (null for background work).</summary>
    public System.Net.IPAddress? ClientIp { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>The record's name as of this change (title, subject, name or email), computed by the database.</summary>
    public string? RecordName { get; private set; }
}
