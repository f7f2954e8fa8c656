using System.Text.Json;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Data;

/// <summary>
/// Application events (sign-ins, registrations, refused actions) in audit_logs, next to the row
/// changes the database's audit trigger records by itself. A detail goes into new_data.
/// </summary>
public static class AuditTrail
{
    public static void Record(CrmDbContext db, string eventName, Guid? recordId = null, string? table = null, string? detail = null) =>
        db.AuditLogs.Add(new AuditLog
        {
            Action = AuditLog.EventAction, Event = eventName, RecordId = recordId, TableName = table,
            NewData = detail is null ? null : JsonSerializer.Serialize(new { detail }),
        });
}
