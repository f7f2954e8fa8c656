using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Deals.Moves;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Deals;

/// <summary>
/// The deal rules that read other rows, checked before writing so the user hears all of them at once
/// and by name. They mirror the database: the composite stage foreign key, the active-reference and
/// contact-in-company triggers (which look only at references an insert sets or an update changes),
/// and the lost-reason rule the board's moves follow. The company is also the deal's primary customer
/// (deal_customer.sql): it stays while other companies take part.
/// </summary>
internal static class DealReferences
{
    public sealed record Checked(PipelineStage? Stage, IReadOnlyDictionary<string, string> Errors);

    public const string NoPipeline = "There is no pipeline yet; an admin can add one under Admin → Pipelines.";

    /// <summary>Checks the cleaned <paramref name="form"/> against the database; <paramref name="current"/> is the deal being edited, null for a new one.</summary>
    public static async Task<Checked> CheckAsync(CrmDbContext db, DealForm form, Deal? current, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var stage = await StageAsync(db, form, current, errors, ct);
        if (stage?.Kind == PipelineStage.Lost && string.IsNullOrWhiteSpace(form.LostReason))
            errors[nameof(DealForm.LostReason)] = DealMoveResult.LostReasonNeeded;

        var companyChanged = current is null || current.CompanyId != form.CompanyId;
        var contactChanged = current is null || current.ContactId != form.ContactId;
        var company = form.CompanyId is { } companyId
            ? await db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleOrDefaultAsync(ct) : null;
        if (form.CompanyId is not null && companyChanged && company is null)
            errors[nameof(DealForm.CompanyId)] = DealConstraints.CompanyGone;
        // The company is the primary customer; the other participants would be left with none (db check reports that).
        if (form.CompanyId is null && current?.CompanyId is not null
            && await db.DealParticipants.AnyAsync(p => p.DealId == current.Id && !(p.Role == DealParticipant.Customer && p.IsPrimary), ct))
            errors[nameof(DealForm.CompanyId)] = DealConstraints.ParticipantsNeedCompany;
        if (form.ContactId is { } contactId)
        {
            // Like the trigger, a contact deleted since it was chosen still counts for the company rule.
            var contact = await db.Contacts.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(c => c.Id == contactId)
                .Select(c => new { c.CompanyId, c.FirstName, c.LastName, IsDeleted = c.DeletedAt != null }).SingleOrDefaultAsync(ct);
            if (contactChanged && contact is null or { IsDeleted: true })
                errors[nameof(DealForm.ContactId)] = DealConstraints.ContactGone;
            else if (contact is not null && form.CompanyId is not null && (companyChanged || contactChanged) && contact.CompanyId != form.CompanyId)
                errors[nameof(DealForm.ContactId)] =
                    $"{$"{contact.FirstName} {contact.LastName}".Trim()} does not work at {company ?? "that company"}; choose one of its contacts or clear the contact.";
        }

        // Only a code the form could have offered; a deal keeps a currency it already has.
        if (form.Currency is { } code && current?.Currency != code && !await db.Currencies.AnyAsync(c => c.Code == code, ct))
            errors[nameof(DealForm.Currency)] = DealForm.UnknownCurrency;
        if (form.OwnerId is { } ownerId && current?.OwnerId != ownerId && !await db.Users.AnyAsync(u => u.Id == ownerId, ct))
            errors[nameof(DealForm.OwnerId)] = DealConstraints.OwnerGone;
        if (form.TagIds.Count > 0 && await db.Tags.CountAsync(t => form.TagIds.Contains(t.Id), ct) != form.TagIds.Count)
            errors[nameof(DealForm.TagIds)] = DealConstraints.TagsGone;
        return new(stage, errors);
    }

    /// <summary>
    /// The chosen stage of the chosen pipeline (with no pipeline chosen: the stage's own, else the
    /// default). With no stage chosen: the deal's own stage when it stays in its pipeline, else the
    /// pipeline's first open stage.
    /// </summary>
    private static async Task<PipelineStage?> StageAsync(CrmDbContext db, DealForm form, Deal? current, Dictionary<string, string> errors, CancellationToken ct)
    {
        var pipelineId = form.PipelineId ?? (form.StageId is { } chosen
            ? await db.PipelineStages.Where(s => s.Id == chosen).Select(s => (Guid?)s.PipelineId).FirstOrDefaultAsync(ct) : null);
        var pipeline = await db.Pipelines.Where(p => pipelineId == null ? p.IsDefault : p.Id == pipelineId)
            .Select(p => new { p.Id, p.Name }).FirstOrDefaultAsync(ct);
        if (pipeline is null)
        {
            errors[nameof(DealForm.PipelineId)] = form.PipelineId is null ? NoPipeline : DealConstraints.PipelineGone;
            return null;
        }
        var stages = await db.PipelineStages.Where(s => s.PipelineId == pipeline.Id).OrderBy(s => s.Position).ToListAsync(ct);
        var wanted = form.StageId ?? (current?.PipelineId == pipeline.Id ? current.StageId : null);
        var stage = wanted is { } id ? stages.FirstOrDefault(s => s.Id == id) : stages.FirstOrDefault(s => s.Kind == PipelineStage.Open);
        if (stage is null)
            errors[nameof(DealForm.StageId)] = wanted is null
                ? $"The {pipeline.Name} pipeline has no open stage; choose a stage."
                : $"That stage is not part of the {pipeline.Name} pipeline; choose one of its stages.";
        return stage;
    }
}
