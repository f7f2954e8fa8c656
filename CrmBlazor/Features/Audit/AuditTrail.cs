using CrmBlazor.Data;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Audit;

/// <summary>
/// Application events (sign-ins, registrations, refused actions) in audit_logs, next to the row
/// changes the database's audit trigger records by itself.
/// </summary>
public static class AuditTrail
{
    public static void Record(CrmDbContext db, string eventName, Guid? recordId = null, string? table = null) =>
        db.AuditLogs.Add(new AuditLog { Action = AuditLog.EventAction, Event = eventName, RecordId = recordId, TableName = table });
}
