using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Activities;

/// <summary>
/// Logs calls, notes and meetings and keeps tasks: create, edit, reschedule, complete, delete and
/// restore. Each method uses its own DbContext; the audit trigger records every change.
/// </summary>
public sealed partial class ActivityService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, ITenantContext tenant, TimeProvider clock)
{
    public const string ChangedBySomeoneElse = "This activity was changed by someone else while you edited it. Close the dialog and open it again.";
    public const string Gone = "This activity no longer exists.";
    public const string OnlyTasksAreDone = "Only a task is marked done or reopened; a call, email, meeting or note is done once it is logged.";

    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    /// <summary>Adds the activity, owned by the acting user; returns field errors (field → sentence) or none.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CreateAsync(ActivityForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "activities.create", ct);
        if (FormErrors.Of(form, nameof(ActivityForm.Subject)) is { Count: > 0 } errors)
            return errors;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await CompanyErrorsAsync(db, form, ct) is { Count: > 0 } disagreement) return disagreement;
        db.Activities.Add(New(form));
        return await SaveAsync(db, ct);
    }

    /// <summary>A new activity of the form, owned by the acting user.</summary>
    private Activity New(ActivityForm form)
    {
        var activity = new Activity { Type = form.Type, OwnerId = tenant.UserId };
        Apply(activity, form);
        // A call, email, meeting or note is logged once it happened; a task is done later.
        activity.CompletedAt = form.Type == Activity.Task ? null : form.HappenedAt ?? clock.GetUtcNow();
        return activity;
    }

    /// <summary>The activity as its edit form reads it; null when it is gone.</summary>
    public async Task<ActivityDetails?> GetAsync(Guid activityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var a = await db.Activities.Where(a => a.Id == activityId)
            .Select(a => new
            {
                a.Id, a.Version, a.Type, a.Subject, a.Body, a.DueAt, a.CompletedAt, a.DurationMinutes, a.Outcome,
                // Through the navigations, so a deleted contact, company or deal reads as no link.
                ContactId = (Guid?)a.Contact!.Id, a.Contact.FirstName, a.Contact.LastName,
                CompanyId = (Guid?)a.Company!.Id, CompanyName = a.Company.Name,
                DealId = (Guid?)a.Deal!.Id, DealTitle = a.Deal.Title,
            })
            .SingleOrDefaultAsync(ct);
        return a is null ? null : new ActivityDetails(a.Id, a.Version, a.Type, a.Subject, a.Body, a.DueAt, a.CompletedAt, a.DurationMinutes, a.Outcome,
            a.ContactId is { } contact ? new Choice(contact, $"{a.FirstName} {a.LastName}".Trim()) : null,
            a.CompanyId is { } company ? new Choice(company, a.CompanyName) : null,
            a.DealId is { } deal ? new Choice(deal, a.DealTitle) : null);
    }

    /// <summary>
    /// Saves an edit made on the values read at <paramref name="version"/>; its type and owner stay.
    /// Returns field errors, or "" → a sentence when the activity is gone or was changed meanwhile.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> UpdateAsync(Guid activityId, uint version, ActivityForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "activities.update", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activity = await db.Activities.SingleOrDefaultAsync(a => a.Id == activityId, ct);
        if (activity is null) return Problem(Gone);
        form.Type = activity.Type;
        if (FormErrors.Of(form, nameof(ActivityForm.Subject)) is { Count: > 0 } errors)
            return errors;
        if (await CompanyErrorsAsync(db, form, ct) is { Count: > 0 } disagreement) return disagreement;
        db.Entry(activity).Property(a => a.Version).OriginalValue = version;
        Apply(activity, form);
        if (activity.Type != Activity.Task) activity.CompletedAt = form.HappenedAt ?? activity.CompletedAt;
        return await SaveAsync(db, ct);
    }

    /// <summary>Moves a task to another due date (none: whenever).</summary>
    public Task RescheduleAsync(Guid activityId, DateTimeOffset? dueAt, CancellationToken ct = default) =>
        ChangeAsync("activities.reschedule", db => db.Activities.Where(a => a.Type == Activity.Task), activityId, a => a.DueAt = dueAt, ct);

    /// <summary>Marks a task done, or not done again.</summary>
    public Task SetCompletedAsync(Guid activityId, bool completed, CancellationToken ct = default) =>
        ChangeAsync("activities.complete", db => db.Activities, activityId, a => Complete(a, completed), ct);

    /// <summary>
    /// The same for a caller that read the task at <paramref name="version"/> (the API's If-Match) and offers it no
    /// menu: only a task, and only while it is as read. Returns "" → a sentence when it is gone, changed meanwhile or no task.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SetCompletedAsync(Guid activityId, uint version, bool completed, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "activities.complete", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activity = await db.Activities.SingleOrDefaultAsync(a => a.Id == activityId, ct);
        if (activity is null) return Problem(Gone);
        if (activity.Type != Activity.Task) return Problem(OnlyTasksAreDone);
        db.Entry(activity).Property(a => a.Version).OriginalValue = version;
        Complete(activity, completed);
        return await SaveAsync(db, ct);
    }

    /// <summary>Soft delete: the activity leaves every list, and <see cref="RestoreAsync"/> brings it back.</summary>
    public Task DeleteAsync(Guid activityId, CancellationToken ct = default) =>
        ChangeAsync("activities.delete", db => db.Activities, activityId, a => a.DeletedAt = clock.GetUtcNow(), ct);

    public async Task RestoreAsync(Guid activityId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "activities.restore", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await UndeleteAsync(db, [activityId], ct) is { } refusal) throw new StaleSelectionException(refusal.Problem!);
    }

    /// <summary>
    /// Restores deleted activities on <paramref name="db"/> and saves (inside the caller's transaction when it has one).
    /// Null when done, else the refusal: one is gone. Undo and the Trash both restore here.
    /// </summary>
    internal static async Task<SaveResult?> UndeleteAsync(CrmDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var activities = await db.Activities.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
            .Where(a => ids.Contains(a.Id) && a.DeletedAt != null).ToListAsync(ct);
        if (activities.Count != ids.Distinct().Count()) return SaveResult.Gone(Gone);
        foreach (var activity in activities)
            activity.DeletedAt = null;
        await db.SaveChangesAsync(ct);
        return null;
    }

    private async Task ChangeAsync(string action, Func<CrmDbContext, IQueryable<Activity>> candidates, Guid activityId, Action<Activity> change, CancellationToken ct)
    {
        await guard.DemandAsync(Permission.EditRecords, action, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activity = await candidates(db).SingleOrDefaultAsync(a => a.Id == activityId, ct)
            ?? throw new StaleSelectionException(Gone);
        change(activity);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A chosen company must be the deal's (when it has one) and the contact's (when they have one), as the
    /// database's agree_on_company trigger requires; here the companies are named. No company chosen: the
    /// database fills in the deal's, else the contact's.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>> CompanyErrorsAsync(CrmDbContext db, ActivityForm form, CancellationToken ct) =>
        CompanyErrors(form, await PartiesAsync(db, [form], ct));

    private sealed record DealParty(Guid? CompanyId, string? Company);
    private sealed record ContactParty(Guid? CompanyId, string Name, string? Company);

    /// <summary>The deals and contacts of the forms that choose a company, read once for all of them.</summary>
    private sealed record Parties(IReadOnlyDictionary<Guid, DealParty> Deals, IReadOnlyDictionary<Guid, ContactParty> Contacts);

    private static async Task<Parties> PartiesAsync(CrmDbContext db, IReadOnlyList<ActivityForm> forms, CancellationToken ct)
    {
        var withCompany = forms.Where(f => f.CompanyId is not null).ToList();
        List<Guid> dealIds = [.. withCompany.Select(f => f.DealId).OfType<Guid>().Distinct()];
        List<Guid> contactIds = [.. withCompany.Select(f => f.ContactId).OfType<Guid>().Distinct()];
        var deals = dealIds.Count == 0 ? new Dictionary<Guid, DealParty>()
            : await db.Deals.Where(d => dealIds.Contains(d.Id))
                .Select(d => new { d.Id, Party = new DealParty(d.CompanyId, d.Company!.Name) }).ToDictionaryAsync(d => d.Id, d => d.Party, ct);
        var contacts = contactIds.Count == 0 ? new Dictionary<Guid, ContactParty>()
            : await db.Contacts.Where(c => contactIds.Contains(c.Id))
                .Select(c => new { c.Id, Party = new ContactParty(c.CompanyId, ((c.FirstName ?? "") + " " + (c.LastName ?? "")).Trim(), c.Company!.Name) })
                .ToDictionaryAsync(c => c.Id, c => c.Party, ct);
        return new(deals, contacts);
    }

    private static IReadOnlyDictionary<string, string> CompanyErrors(ActivityForm form, Parties parties)
    {
        if (form.CompanyId is not { } companyId) return NoErrors;
        var deal = form.DealId is { } dealId ? parties.Deals.GetValueOrDefault(dealId) : null;
        if (deal?.CompanyId is { } dealCompany && dealCompany != companyId)
            return Field(nameof(ActivityForm.CompanyId), $"The deal is with {deal.Company ?? "another company"}; choose that company or clear this field.");
        var contact = form.ContactId is { } contactId ? parties.Contacts.GetValueOrDefault(contactId) : null;
        if (contact?.CompanyId is { } contactCompany && contactCompany != companyId)
            return Field(nameof(ActivityForm.CompanyId), $"{contact.Name} works at {contact.Company ?? "another company"}; choose that company or clear this field.");
        return NoErrors;
    }

    /// <summary>A task done twice keeps when it was first done.</summary>
    private void Complete(Activity activity, bool completed) => activity.CompletedAt = completed ? activity.CompletedAt ?? clock.GetUtcNow() : null;

    private static Dictionary<string, string> Field(string field, string sentence) => new() { [field] = sentence };

    private static void Apply(Activity activity, ActivityForm form)
    {
        activity.Subject = form.Subject.Trim();
        activity.Body = string.IsNullOrWhiteSpace(form.Body) ? null : form.Body.Trim();
        activity.DueAt = form.Type == Activity.Task ? form.DueAt : null;
        var details = ActivityOutcomes.HasDetails(form.Type);
        activity.DurationMinutes = details ? form.DurationMinutes : null;
        activity.Outcome = details ? form.Outcome : null;
        activity.ContactId = form.ContactId;
        activity.CompanyId = form.CompanyId;
        activity.DealId = form.DealId;
    }

    private static async Task<IReadOnlyDictionary<string, string>> SaveAsync(CrmDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return NoErrors;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem(ChangedBySomeoneElse);
        }
        catch (DbUpdateException ex) when (ActivityConstraints.Describe(ex) is { } field)
        {
            return new Dictionary<string, string> { [field.Field] = field.Message };
        }
    }

    /// <summary>A problem of the whole form, shown above its fields (the field of no name, "").</summary>
    private static Dictionary<string, string> Problem(string sentence) => new() { [""] = sentence };
}
