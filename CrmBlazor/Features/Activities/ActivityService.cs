using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Activities;

/// <summary>Logs calls, notes and meetings and keeps tasks; each method uses its own DbContext.</summary>
public sealed class ActivityService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, ITenantContext tenant, TimeProvider clock)
{
    /// <summary>Adds the activity, owned by the acting user; returns field errors (field → sentence) or none.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CreateAsync(ActivityForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "activities.create", ct);
        if (FormErrors.Of(form, nameof(ActivityForm.Subject)) is { Count: > 0 } errors)
            return errors;
        if (!Activity.Types.Contains(form.Type))
            return new Dictionary<string, string> { [nameof(form.Type)] = "Choose call, email, meeting, note or task." };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Activities.Add(new Activity
        {
            Type = form.Type, Subject = form.Subject.Trim(), Body = string.IsNullOrWhiteSpace(form.Body) ? null : form.Body.Trim(),
            DueAt = form.Type == Activity.Task ? form.DueAt : null,
            // A call, email, meeting or note is logged once it happened; a task is done later.
            CompletedAt = form.Type == Activity.Task ? null : clock.GetUtcNow(),
            ContactId = form.ContactId, CompanyId = form.CompanyId, DealId = form.DealId, OwnerId = tenant.UserId,
        });
        await db.SaveChangesAsync(ct);
        return new Dictionary<string, string>();
    }

    /// <summary>Marks a task done, or not done again.</summary>
    public async Task SetCompletedAsync(Guid activityId, bool completed, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "activities.complete", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activity = await db.Activities.SingleOrDefaultAsync(a => a.Id == activityId, ct)
            ?? throw new StaleSelectionException("This activity no longer exists.");
        activity.CompletedAt = completed ? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
    }
}
