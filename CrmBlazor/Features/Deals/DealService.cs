using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Features.Shared;
using CrmBlazor.Features.Trash;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Deals;

/// <summary>
/// Reads and writes deals for the acting tenant. Each method uses its own DbContext (circuit-safe),
/// each write is one SaveChanges, and open boards hear of it after it commits (a NOTIFY on the same connection).
/// </summary>
public sealed partial class DealService(
    IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, ITenantContext tenant,
    IPipelineChangeFeed boards, DealMoveService moves, TimeProvider clock)
{
    public const string ChangedBySomeoneElse =
        "This deal was changed by someone else. The form now shows the current values; make your changes again and save.";
    public const string NoLongerExists = "This deal no longer exists; it may have been deleted.";

    /// <summary>The deal, or null when it does not exist, is deleted, or belongs to another tenant: all look the same.</summary>
    public async Task<DealDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadDetailsAsync(db, id, ct);
    }

    /// <summary>
    /// A new deal's form: in the given pipeline (else the stage's, else the default) and stage (else
    /// its first open one), owned by the acting user, with the company and contact it was started from; a contact
    /// brings its company along.
    /// </summary>
    public async Task<DealDraft> DraftAsync(Guid? pipelineId, Guid? stageId, Guid? companyId, Guid? contactId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pipelines = await LookupService.Pipelines(db).ToListAsync(ct);
        var pipeline = pipelines.FirstOrDefault(p => p.Id == pipelineId) ?? pipelines.FirstOrDefault(p => p.Stages.Any(s => s.Id == stageId))
            ?? pipelines.FirstOrDefault(p => p.IsDefault);
        var contact = contactId is { } id ? await ContactChoices.ContactAsync(db, id, ct) : null;
        companyId ??= contact?.CompanyId;
        var company = companyId is { } cid
            ? await db.Companies.Where(c => c.Id == cid).Select(c => new Choice(c.Id, c.Name)).SingleOrDefaultAsync(ct) : null;
        var form = new DealForm
        {
            PipelineId = pipeline?.Id,
            StageId = pipeline?.Stages.FirstOrDefault(s => s.Id == stageId)?.Id ?? pipeline?.FirstOpenStage?.Id,
            CompanyId = company?.Id, ContactId = contact?.Id, OwnerId = tenant.UserId,
            // The currency the tenant deals in most, so a new deal rarely needs it changed.
            Currency = await db.Deals.GroupBy(d => d.Currency).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync(ct) ?? "USD",
        };
        return new(form, company, contact);
    }

    /// <summary>
    /// Adds the deal at the bottom of its stage. Probability defaults from the stage; a won or lost
    /// stage closes the deal, and a lost one needs a reason.
    /// </summary>
    public async Task<SaveResult<DealDetails>> CreateAsync(DealForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.create", ct);
        var clean = Clean(form);
        if (SaveResult.IfInvalid(clean, nameof(DealForm.Title)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (stage, errors) = await DealReferences.CheckAsync(db, clean, null, ct);
        if (errors.Count > 0) return SaveResult.Invalid(errors);

        var deal = new Deal { Tags = clean.TagIds.Select(id => new DealTag { TagId = id }).ToList() };
        Apply(clean, deal, stage!);
        deal.Rank = await BottomRankAsync(db, stage!.Id, null, ct);
        db.Deals.Add(deal);
        return await SaveAsync(db, deal, [deal.PipelineId], ct);
    }

    /// <summary>
    /// Saves the form over the deal if it still has the Version the form was loaded with; otherwise
    /// nothing is written and the result carries the values now stored. A new stage puts the deal at
    /// its bottom and follows the board's rules (probability, closing, lost reason).
    /// </summary>
    public async Task<SaveResult<DealDetails>> UpdateAsync(Guid id, DealForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.update", ct);
        var loadedVersion = EditVersion.Of(form.Version, nameof(form));
        var clean = Clean(form);
        if (SaveResult.IfInvalid(clean, nameof(DealForm.Title)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deal = await db.Deals.Include(d => d.Tags).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null) return SaveResult.Gone(NoLongerExists);
        var (stage, errors) = await DealReferences.CheckAsync(db, clean, deal, ct);
        if (errors.Count > 0) return SaveResult.Invalid(errors);

        // The UPDATE's WHERE compares xmin with the Version the user saw, not the one just loaded.
        db.Entry(deal).Property(d => d.Version).OriginalValue = loadedVersion;
        var fromPipeline = deal.PipelineId;
        if (deal.StageId != stage!.Id) deal.Rank = await BottomRankAsync(db, stage.Id, deal.Id, ct);
        Apply(clean, deal, stage);
        deal.Tags.RemoveAll(t => !clean.TagIds.Contains(t.TagId));
        deal.Tags.AddRange(clean.TagIds.Where(t => deal.Tags.All(held => held.TagId != t)).Select(t => new DealTag { TagId = t }));
        // The row is written even when only its tags changed, so its Version covers them and a stale form is refused.
        db.Entry(deal).Property(d => d.UpdatedAt).IsModified = true;
        return await SaveAsync(db, deal, [fromPipeline, deal.PipelineId], ct);
    }

    /// <summary>Hides the deal (sets DeletedAt); false when there was no such live deal.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.delete", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null) return false;
        deal.DeletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await AnnounceAsync(db, [deal.PipelineId], ct);
        return true;
    }

    /// <summary>Brings a deleted deal back to its stage; at the bottom if another deal has taken its place meanwhile.</summary>
    public async Task<bool> RestoreAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.restore", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (refusal, pipelines) = await UndeleteAsync(db, [id], ct);
        await AnnounceAsync(db, pipelines, ct);
        return refusal is null;
    }

    /// <summary>
    /// Restores deleted deals on <paramref name="db"/> and saves, one deal at a time (inside the caller's transaction when it
    /// has one): each goes back to its place in its stage, or to the bottom when another deal has taken it meanwhile.
    /// The refusal when one is gone, else null; and the pipelines whose boards should hear of it. The deal page's undo and
    /// the Trash both restore here.
    /// </summary>
    internal static async Task<(SaveResult? Refusal, IReadOnlyList<Guid> Pipelines)> UndeleteAsync(
        CrmDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var deals = await db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
            .Where(d => ids.Contains(d.Id) && d.DeletedAt != null).ToListAsync(ct);
        if (deals.Count != ids.Distinct().Count()) return (SaveResult.Gone(NoLongerExists), []);
        foreach (var deal in deals)
        {
            if (await db.Deals.AnyAsync(d => d.StageId == deal.StageId && d.Rank == deal.Rank, ct))
                deal.Rank = await BottomRankAsync(db, deal.StageId, deal.Id, ct);
            deal.DeletedAt = null;
            // Saved before the next deal looks for its place, which may be this one's.
            await db.SaveChangesAsync(ct);
        }
        return (null, deals.Select(d => d.PipelineId).Distinct().ToList());
    }

    /// <summary>
    /// The first other live deal of the company with this title in any letter case, for the form's warning; null when
    /// there is none. Advice only: two deals of one company may share a title (db check lists such pairs).
    /// </summary>
    public async Task<SameTitleDeal?> SameTitleAsync(string? title, Guid? companyId, Guid? exceptDealId, CancellationToken ct = default)
    {
        if (Text(title) is not { } clean || companyId is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Deals.Where(d => d.CompanyId == companyId && d.Id != exceptDealId && d.Title.ToLower() == clean.ToLower())
            .OrderBy(d => d.CreatedAt).Select(d => new SameTitleDeal(d.Id, d.Title, d.Company!.Name)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Contacts whose name or email contains <paramref name="text"/>; only the company's when <paramref name="companyId"/> is given.</summary>
    public async Task<IReadOnlyList<ContactChoice>> FindContactsAsync(string? text, Guid? companyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ContactChoices.ContactsAsync(db, text, companyId, ct);
    }

    private async Task<SaveResult<DealDetails>> SaveAsync(CrmDbContext db, Deal deal, Guid[] pipelines, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            return await LoadDetailsAsync(fresh, deal.Id, ct) is { } current ? SaveResult.Changed(current, ChangedBySomeoneElse) : SaveResult.Gone(NoLongerExists);
        }
        catch (DbUpdateException ex) when (DealConstraints.Describe(ex) is { } field)
        {
            return SaveResult.Invalid(field);
        }

        // Ranks grow a little with every deal added at the bottom; long ones are respread as the board does.
        if (deal.Rank.Length > DealRank.RebalanceLength) await moves.RebalanceAsync(deal.StageId, ct);
        await AnnounceAsync(db, pipelines, ct);
        return SaveResult.Saved(deal.Id);
    }

    private async Task AnnounceAsync(CrmDbContext db, IEnumerable<Guid> pipelines, CancellationToken ct)
    {
        foreach (var pipeline in pipelines.Distinct()) await boards.PublishAsync(db, new PipelineChange(tenant.TenantId!.Value, pipeline), ct);
    }

    /// <summary>The ISO 4217 currencies a deal may be in, by code.</summary>
    public async Task<IReadOnlyList<CurrencyChoice>> CurrenciesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Currencies.OrderBy(c => c.Code).Select(c => new CurrencyChoice(c.Code, c.Name)).ToListAsync(ct);
    }

    /// <summary>A rank after the last live deal of the stage (other than <paramref name="deal"/> itself).</summary>
    private static async Task<string> BottomRankAsync(CrmDbContext db, Guid stageId, Guid? deal, CancellationToken ct)
    {
        var last = await db.Deals.Where(d => d.StageId == stageId && d.Id != deal)
            .OrderByDescending(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
        return DealRank.Between(last, null);
    }

    private static async Task<DealDetails?> LoadDetailsAsync(CrmDbContext db, Guid id, CancellationToken ct) =>
        await LoadLiveDetailsAsync(db, id, ct) is { } details
            ? details with
            {
                TrashedCompanyName = details.CompanyName is null ? await TrashedNames.CompanyAsync(db, details.CompanyId, ct) : null,
                TrashedContactName = details.ContactName is null ? await TrashedNames.ContactAsync(db, details.ContactId, ct) : null,
            }
            : null;

    private static async Task<DealDetails?> LoadLiveDetailsAsync(CrmDbContext db, Guid id, CancellationToken ct) =>
        await db.Deals.Where(d => d.Id == id)
            .Select(d => new DealDetails(d.Id, d.Title, d.PipelineId, d.Pipeline!.Name, d.StageId, d.Stage!.Name, d.Stage.Kind, d.Stage.Color,
                d.Value, d.Currency, d.Probability, d.CompanyId, d.Company!.Name, d.ContactId,
                d.Contact == null ? null : (d.Contact.FirstName + " " + d.Contact.LastName).Trim(),
                d.OwnerId, d.Owner!.FullName, d.ExpectedCloseDate, d.ClosedAt, d.LostReason, d.CreatedAt, d.Version)
            {
                Tags = d.Tags.OrderBy(t => t.Tag!.Name).Select(t => new TagLabel(t.TagId, t.Tag!.Name, t.Tag.Color)).ToList(),
            })
            .SingleOrDefaultAsync(ct);

    /// <summary>Trimmed text, blanks as null, the currency upper-cased, the value in cents as numeric(18,2) stores it, each tag once.</summary>
    private static DealForm Clean(DealForm form) => new()
    {
        Title = Text(form.Title), PipelineId = form.PipelineId, StageId = form.StageId, Value = decimal.Round(form.Value, 2),
        Currency = Text(form.Currency)?.ToUpperInvariant(), Probability = form.Probability, CompanyId = form.CompanyId,
        ContactId = form.ContactId, OwnerId = form.OwnerId, ExpectedCloseDate = form.ExpectedCloseDate,
        LostReason = Text(form.LostReason), TagIds = form.TagIds.Distinct().ToList(), Version = form.Version,
    };

    /// <summary>The form onto the deal, with the stage's consequences exactly as a move on the board has them.</summary>
    private void Apply(DealForm form, Deal deal, PipelineStage stage)
    {
        deal.Title = form.Title!;
        deal.PipelineId = stage.PipelineId;
        deal.StageId = stage.Id;
        deal.Value = form.Value;
        deal.Currency = form.Currency!;
        deal.Probability = form.Probability ?? stage.Probability;
        deal.CompanyId = form.CompanyId;
        deal.ContactId = form.ContactId;
        deal.OwnerId = form.OwnerId;
        deal.ExpectedCloseDate = form.ExpectedCloseDate;
        deal.ClosedAt = StageEntry.ClosedAt(stage.Kind, deal.ClosedAt, clock.GetUtcNow());
        deal.LostReason = StageEntry.LostReason(stage.Kind, form.LostReason);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
