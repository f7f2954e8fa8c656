using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Activities;

public sealed partial class ActivityService
{
    /// <summary>
    /// Adds the activities all or none (the API's bulk create): one permission check, each held to the rules
    /// <see cref="CreateAsync"/> applies (the deals and contacts they name read once for all), then one multi-row
    /// INSERT. The first refused one's place and why, or every id in order.
    /// </summary>
    public async Task<BulkSaveResult> CreateManyAsync(IReadOnlyList<ActivityForm> forms, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "activities.create", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var parties = await PartiesAsync(db, forms, ct);
        var activities = new List<Activity>(forms.Count);
        for (var i = 0; i < forms.Count; i++)
        {
            IReadOnlyDictionary<string, string> errors = FormErrors.Of(forms[i], nameof(ActivityForm.Subject));
            if (errors.Count == 0) errors = CompanyErrors(forms[i], parties);
            if (errors.Count > 0) return BulkSaveResult.Refused(i, SaveResult.Invalid(errors));
            var activity = New(forms[i]);
            activity.Id = Guid.CreateVersion7();
            activities.Add(activity);
        }
        try
        {
            await InsertAsync(db, activities, ct);
        }
        catch (Exception ex) when (ActivityConstraints.Describe(ex) is { } field)
        {
            // The replay names the record; its own refusal is told, which may not be the one this insert met first.
            await using var replay = await dbFactory.CreateDbContextAsync(ct);
            var (at, why) = await BulkRefusal.FirstRefusedAsync(replay, activities, ct) ?? (0, ex);
            return BulkSaveResult.Refused(at, SaveResult.Invalid(ActivityConstraints.Describe(why) ?? field));
        }
        return BulkSaveResult.Saved([.. activities.Select(a => a.Id)]);
    }

    /// <summary>
    /// One INSERT … SELECT FROM unnest. Not SaveChanges: EF sends one INSERT per row, and the statement triggers of
    /// activities (webhook events) then run once per activity. Blank texts travel as '' (the form's values are cleaned,
    /// so '' means none) because the text parameter interceptor takes no null array elements.
    /// </summary>
    private static async Task InsertAsync(CrmDbContext db, List<Activity> activities, CancellationToken ct)
    {
        Guid[] ids = [.. activities.Select(a => a.Id)];
        string[] types = [.. activities.Select(a => a.Type)], subjects = [.. activities.Select(a => a.Subject)],
            bodies = [.. activities.Select(a => a.Body ?? "")], outcomes = [.. activities.Select(a => a.Outcome ?? "")];
        DateTimeOffset?[] due = [.. activities.Select(a => a.DueAt)], completed = [.. activities.Select(a => a.CompletedAt)];
        int?[] minutes = [.. activities.Select(a => a.DurationMinutes)];
        Guid?[] contacts = [.. activities.Select(a => a.ContactId)], companies = [.. activities.Select(a => a.CompanyId)],
            deals = [.. activities.Select(a => a.DealId)], owners = [.. activities.Select(a => a.OwnerId)];

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO activities (id, type, subject, body, due_at, completed_at, duration_minutes, outcome, contact_id, company_id, deal_id, owner_id)
            SELECT r.id, r.type, r.subject, NULLIF(r.body, ''), r.due_at, r.completed_at, r.duration_minutes, NULLIF(r.outcome, ''),
                   r.contact_id, r.company_id, r.deal_id, r.owner_id
            FROM unnest({ids}, {types}, {subjects}, {bodies}, {due}, {completed}, {minutes}, {outcomes}, {contacts}, {companies}, {deals}, {owners})
                AS r(id, type, subject, body, due_at, completed_at, duration_minutes, outcome, contact_id, company_id, deal_id, owner_id)
            """, ct);
    }
}
