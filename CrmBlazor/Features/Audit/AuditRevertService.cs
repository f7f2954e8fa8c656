using System.Text.Json;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Audit;

/// <summary>The outcome of a revert: done, or refused; either way a sentence for the user.</summary>
public sealed record RevertResult(bool Reverted, string Message);

/// <summary>
/// Writes one field's value from before an audited change back to its record (Owners and Admins), only
/// while the field still holds what that change wrote. One transaction: the record's row is locked while
/// it is compared and written, the audit trigger records the update, and an <c>audit.revert</c> event
/// names the entry reverted.
/// </summary>
public sealed class AuditRevertService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard)
{
    public const string NotRevertable = "Only a change to a field of a contact, company or deal can be reverted.";
    public const string Gone = "The record no longer exists.";
    public const string InTrash = "The record is in the trash; restore it before reverting a change to it.";

    public async Task<RevertResult> RevertAsync(long auditId, string column, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "audit.revert", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var change = await db.AuditLogs.AsNoTracking().SingleOrDefaultAsync(l => l.Id == auditId, ct);
        if (change is not { Action: AuditLog.Update, RecordId: { } recordId, TableName: { } table } || !RevertableFields.Allows(table, column)
            || AuditDiff.Changes(change.OldData, change.NewData).All(f => f.Column != column))
            return new(false, NotRevertable);
        var label = AuditLabels.Column(column);
        var before = AuditDiff.Row(change.OldData);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The table and column are names from RevertableFields' lists (checked above), so they may be written into the SQL.
        var read = $"""
            select (to_jsonb(t) -> @column) is not distinct from (l.new_data -> @column) as "Unchanged",
                   to_jsonb(t)::text as "Row", t.deleted_at is not null as "Deleted"
            from "{table}" t join audit_logs l on l.record_id = t.id
            where l.id = @audit for update of t
            """;
        var current = (await db.Database.SqlQueryRaw<RevertTarget>(read, new NpgsqlParameter("column", column), new NpgsqlParameter("audit", auditId))
            .ToListAsync(ct)).SingleOrDefault();
        if (current is null) return new(false, Gone);
        if (current.Deleted) return new(false, InTrash);
        if (!current.Unchanged)
        {
            var now = AuditDiff.Row(current.Row);
            var names = await AuditNames.LoadAsync(db, [], [now], ct);
            return new(false, $"{label} has changed since: now {AuditValues.Text(column, now.GetValueOrDefault(column), now, names)}.");
        }
        if (await MissingReferenceAsync(db, column, before.GetValueOrDefault(column), ct) is { } missing) return new(false, missing);

        try
        {
            var write = $"""
                update "{table}" t set "{column}" = (jsonb_populate_record(null::"{table}", l.old_data))."{column}"
                from audit_logs l where l.id = @audit and t.id = l.record_id
                """;
            await db.Database.ExecuteSqlRawAsync(write, [new NpgsqlParameter("audit", auditId)], ct);
            AuditTrail.Record(db, "audit.revert", recordId, table, JsonSerializer.Serialize(new { audit_id = auditId, field = column }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex) when (ConstraintTable.Violation(ex) is { } violation && violation.SqlState.StartsWith("23"))
        {
            return new(false, Refusal(label, violation));
        }

        var oldNames = await AuditNames.LoadAsync(db, [], [before], ct);
        return new(true, $"{label} set back to {AuditValues.Text(column, before.GetValueOrDefault(column), before, oldNames)}.");
    }

    /// <summary>An owner or company the old value names that is gone or in the trash: said before the database refuses it.</summary>
    private static async Task<string?> MissingReferenceAsync(CrmDbContext db, string column, string? value, CancellationToken ct)
    {
        if (!Guid.TryParse(value, out var id)) return null;
        return column switch
        {
            "owner_id" when !await db.Users.AnyAsync(u => u.Id == id && u.IsActive, ct) =>
                "The owner before that change is no longer an active user; choose another owner instead.",
            "company_id" when !await db.Companies.AnyAsync(c => c.Id == id, ct) =>
                "The company before that change is deleted; restore it first, or choose another company.",
            _ => null,
        };
    }

    private static string Refusal(string label, PostgresException violation) => violation.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => $"{label} can't be set back: another record already has that value.",
        PostgresErrorCodes.ForeignKeyViolation => $"{label} can't be set back: what it pointed to no longer exists.",
        _ => $"{label} can't be set back: the old value breaks a rule records must keep now ({violation.ConstraintName ?? violation.MessageText}).",
    };
}

/// <summary>The record a revert writes to, as locked: whether the field still holds the change's value, its row, whether it is in the trash.</summary>
internal sealed class RevertTarget
{
    public bool Unchanged { get; set; }
    public string Row { get; set; } = "";
    public bool Deleted { get; set; }
}
