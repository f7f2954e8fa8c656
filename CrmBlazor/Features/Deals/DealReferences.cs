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
        var rows = await RowsAsync(db, [form], ct);
        var checkedForm = Check(rows, form, current);
        // The company is the primary customer; the other participants would be left with none (db check reports that).
        if (form.CompanyId is null && current?.CompanyId is not null
            && await db.DealParticipants.AnyAsync(p => p.DealId == current.Id && !(p.Role == DealParticipant.Customer && p.IsPrimary), ct))
            return checkedForm with { Errors = new Dictionary<string, string>(checkedForm.Errors) { [nameof(DealForm.CompanyId)] = DealConstraints.ParticipantsNeedCompany } };
        return checkedForm;
    }

    /// <summary>
    /// Checks new deals' cleaned forms, in the order given, with one read per kind of row they name (not per deal):
    /// a bulk create of a thousand deals reads the same handful of queries as one.
    /// </summary>
    public static async Task<IReadOnlyList<Checked>> CheckNewAsync(CrmDbContext db, IReadOnlyList<DealForm> forms, CancellationToken ct)
    {
        var rows = await RowsAsync(db, forms, ct);
        return [.. forms.Select(form => Check(rows, form, null))];
    }

    private sealed record ContactRow(Guid? CompanyId, string FirstName, string LastName, bool IsDeleted);

    /// <summary>The rows the forms name, read once: pipelines and stages whole (a tenant has few), the rest by id.</summary>
    private sealed record Rows(
        IReadOnlyList<Pipeline> Pipelines, IReadOnlyList<PipelineStage> Stages, IReadOnlyDictionary<Guid, string> Companies,
        IReadOnlyDictionary<Guid, ContactRow> Contacts, IReadOnlySet<string> Currencies, IReadOnlySet<Guid> Owners, IReadOnlySet<Guid> Tags);

    private static async Task<Rows> RowsAsync(CrmDbContext db, IReadOnlyList<DealForm> forms, CancellationToken ct)
    {
        List<Guid> companyIds = [.. forms.Select(f => f.CompanyId).OfType<Guid>().Distinct()];
        List<Guid> contactIds = [.. forms.Select(f => f.ContactId).OfType<Guid>().Distinct()];
        List<string> codes = [.. forms.Select(f => f.Currency).OfType<string>().Distinct()];
        List<Guid> ownerIds = [.. forms.Select(f => f.OwnerId).OfType<Guid>().Distinct()];
        List<Guid> tagIds = [.. forms.SelectMany(f => f.TagIds).Distinct()];

        var pipelines = await db.Pipelines.AsNoTracking().ToListAsync(ct);
        var stages = await db.PipelineStages.OrderBy(s => s.Position).ToListAsync(ct);
        var companies = companyIds.Count == 0 ? new Dictionary<Guid, string>()
            : await db.Companies.Where(c => companyIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        // Like the trigger, a contact deleted since it was chosen still counts for the company rule.
        var contacts = contactIds.Count == 0 ? new Dictionary<Guid, ContactRow>()
            : await db.Contacts.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(c => contactIds.Contains(c.Id))
                .Select(c => new { c.Id, Row = new ContactRow(c.CompanyId, c.FirstName ?? "", c.LastName ?? "", c.DeletedAt != null) })
                .ToDictionaryAsync(c => c.Id, c => c.Row, ct);
        var currencies = codes.Count == 0 ? [] : (await db.Currencies.Where(c => codes.Contains(c.Code)).Select(c => c.Code).ToListAsync(ct)).ToHashSet();
        var owners = ownerIds.Count == 0 ? [] : (await db.Users.Where(u => ownerIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        var tags = tagIds.Count == 0 ? [] : (await db.Tags.Where(t => tagIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        return new(pipelines, stages, companies, contacts, currencies, owners, tags);
    }

    private static Checked Check(Rows rows, DealForm form, Deal? current)
    {
        var errors = new Dictionary<string, string>();
        var stage = Stage(rows, form, current, errors);
        if (stage?.Kind == PipelineStage.Lost && string.IsNullOrWhiteSpace(form.LostReason))
            errors[nameof(DealForm.LostReason)] = DealMoveResult.LostReasonNeeded;

        var companyChanged = current is null || current.CompanyId != form.CompanyId;
        var contactChanged = current is null || current.ContactId != form.ContactId;
        var company = form.CompanyId is { } companyId ? rows.Companies.GetValueOrDefault(companyId) : null;
        if (form.CompanyId is not null && companyChanged && company is null)
            errors[nameof(DealForm.CompanyId)] = DealConstraints.CompanyGone;
        if (form.ContactId is { } contactId)
        {
            var contact = rows.Contacts.GetValueOrDefault(contactId);
            if (contactChanged && contact is null or { IsDeleted: true })
                errors[nameof(DealForm.ContactId)] = DealConstraints.ContactGone;
            else if (contact is not null && form.CompanyId is not null && (companyChanged || contactChanged) && contact.CompanyId != form.CompanyId)
                errors[nameof(DealForm.ContactId)] =
                    $"{$"{contact.FirstName} {contact.LastName}".Trim()} does not work at {company ?? "that company"}; choose one of its contacts or clear the contact.";
        }

        // Only a code the form could have offered; a deal keeps a currency it already has.
        if (form.Currency is { } code && current?.Currency != code && !rows.Currencies.Contains(code))
            errors[nameof(DealForm.Currency)] = DealForm.UnknownCurrency;
        if (form.OwnerId is { } ownerId && current?.OwnerId != ownerId && !rows.Owners.Contains(ownerId))
            errors[nameof(DealForm.OwnerId)] = DealConstraints.OwnerGone;
        if (form.TagIds.Any(id => !rows.Tags.Contains(id)))
            errors[nameof(DealForm.TagIds)] = DealConstraints.TagsGone;
        return new(stage, errors);
    }

    /// <summary>
    /// The chosen stage of the chosen pipeline (with no pipeline chosen: the stage's own, else the
    /// default). With no stage chosen: the deal's own stage when it stays in its pipeline, else the
    /// pipeline's first open stage.
    /// </summary>
    private static PipelineStage? Stage(Rows rows, DealForm form, Deal? current, Dictionary<string, string> errors)
    {
        var pipelineId = form.PipelineId ?? (form.StageId is { } chosen ? rows.Stages.FirstOrDefault(s => s.Id == chosen)?.PipelineId : null);
        var pipeline = rows.Pipelines.FirstOrDefault(p => pipelineId == null ? p.IsDefault : p.Id == pipelineId);
        if (pipeline is null)
        {
            errors[nameof(DealForm.PipelineId)] = form.PipelineId is null ? NoPipeline : DealConstraints.PipelineGone;
            return null;
        }
        var stages = rows.Stages.Where(s => s.PipelineId == pipeline.Id).ToList();
        var wanted = form.StageId ?? (current?.PipelineId == pipeline.Id ? current.StageId : null);
        var stage = wanted is { } id ? stages.FirstOrDefault(s => s.Id == id) : stages.FirstOrDefault(s => s.Kind == PipelineStage.Open);
        if (stage is null)
            errors[nameof(DealForm.StageId)] = wanted is null
                ? $"The {pipeline.Name} pipeline has no open stage; choose a stage."
                : $"That stage is not part of the {pipeline.Name} pipeline; choose one of its stages.";
        return stage;
    }
}
