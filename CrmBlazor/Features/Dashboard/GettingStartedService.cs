using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Dashboard;

/// <summary>
/// The dashboard's first-run state. Steps are ticked from the tenant's own rows, so work done anywhere
/// (a contact added by a colleague, an import) counts. Sign-ins and the dismissal are read from the
/// user's own audit events, which are already recorded per user and need no column of their own.
/// </summary>
public sealed class GettingStartedService(IDbContextFactory<CrmDbContext> dbFactory, ITenantContext tenant)
{
    public const string DismissedEvent = "getting_started.dismissed";

    /// <summary>The events that start a session: a password sign-in, or the accepted invitation that signs in. Registering records neither.</summary>
    private static readonly string[] SignInEvents = ["login", "user.invite_accepted"];

    public async Task<FirstRun> GetAsync(CancellationToken ct = default)
    {
        var me = tenant.UserId ?? throw new PermissionDeniedException("You are not signed in.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var myEvents = db.AuditLogs.Where(l => l.TableName == "users" && l.RecordId == me && l.Action == AuditLog.EventAction);
        // This session's own sign-in is the first; a second means they have been here before.
        var signIns = await myEvents.CountAsync(l => SignInEvents.Contains(l.Event!), ct);
        var dismissed = await myEvents.AnyAsync(l => l.Event == DismissedEvent, ct);

        GettingStartedStep[] steps =
        [
            new("Add a contact", "Add contact", "/contacts", await db.Contacts.AnyAsync(ct)),
            new("Import contacts from a spreadsheet", "Import", "/import?kind=contacts",
                await db.ImportJobs.AnyAsync(j => j.Status == ImportJob.Completed, ct)),
            new("Create a deal", "Open pipeline", "/pipeline", await db.Deals.AnyAsync(ct)),
            new("Invite a teammate", "Invite", "/admin/users", await db.Users.CountAsync(ct) > 1, Administrative: true),
        ];
        return new FirstRun(signIns <= 1, dismissed, steps);
    }

    public async Task DismissAsync(CancellationToken ct = default)
    {
        var me = tenant.UserId ?? throw new PermissionDeniedException("You are not signed in.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        AuditTrail.Record(db, DismissedEvent, me, "users");
        await db.SaveChangesAsync(ct);
    }
}
