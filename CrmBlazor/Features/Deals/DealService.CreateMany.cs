using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Deals;

public sealed partial class DealService
{
    /// <summary>
    /// Adds the deals all or none (the API's bulk create): one permission check, each deal held to the rules
    /// <see cref="CreateAsync"/> applies (the references read once for all of them), then one multi-row INSERT.
    /// Each stage's new deals go below its last one in the order given, their ranks spread (as a deleted stage's
    /// deals are) so none grows long. The refusal names the first refused deal.
    /// </summary>
    public async Task<BulkSaveResult> CreateManyAsync(IReadOnlyList<DealForm> forms, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.create", ct);
        var clean = forms.Select(Clean).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var references = await DealReferences.CheckNewAsync(db, clean, ct);
        var deals = new List<Deal>(clean.Count);
        for (var i = 0; i < clean.Count; i++)
        {
            if (SaveResult.IfInvalid(clean[i], nameof(DealForm.Title)) is { } invalid) return BulkSaveResult.Refused(i, invalid);
            var (stage, errors) = references[i];
            if (errors.Count > 0) return BulkSaveResult.Refused(i, SaveResult.Invalid(errors));
            var deal = new Deal { Id = Guid.CreateVersion7(), Tags = clean[i].TagIds.Select(id => new DealTag { TagId = id }).ToList() };
            Apply(clean[i], deal, stage!);
            deals.Add(deal);
        }
        List<Guid> stages = [.. deals.Select(d => d.StageId).Distinct()];
        var lastRanks = await db.Deals.Where(d => stages.Contains(d.StageId))
            .GroupBy(d => d.StageId).Select(g => new { StageId = g.Key, Rank = g.Max(d => d.Rank) }).ToDictionaryAsync(g => g.StageId, g => g.Rank, ct);
        foreach (var column in deals.GroupBy(d => d.StageId))
            foreach (var (deal, rank) in column.Zip(PipelineAdminService.RanksAfter(lastRanks.GetValueOrDefault(column.Key), column.Count())))
                deal.Rank = rank;

        try
        {
            await InsertAsync(db, deals, ct);
        }
        catch (Exception ex) when (DealConstraints.Describe(ex) is { } field)
        {
            // The replay names the record; its own refusal is told, which may not be the one this insert met first.
            await using var replay = await dbFactory.CreateDbContextAsync(ct);
            var (at, why) = await BulkRefusal.FirstRefusedAsync(replay, deals, ct) ?? (0, ex);
            return BulkSaveResult.Refused(at, SaveResult.Invalid(DealConstraints.Describe(why) ?? field));
        }
        await AnnounceAsync(db, deals.Select(d => d.PipelineId), ct);
        return BulkSaveResult.Saved([.. deals.Select(d => d.Id)]);
    }

    /// <summary>
    /// One INSERT … SELECT FROM unnest for the deals and one for their tags. Not SaveChanges: EF sends one INSERT per
    /// row, and the statement triggers of deals (search documents, webhook events) then run once per deal. Blank texts
    /// travel as '' (the forms' values are cleaned, so '' means none) because the text parameter interceptor takes no
    /// null array elements.
    /// </summary>
    private static async Task InsertAsync(CrmDbContext db, List<Deal> deals, CancellationToken ct)
    {
        Guid[] ids = [.. deals.Select(d => d.Id)], pipelines = [.. deals.Select(d => d.PipelineId)], stages = [.. deals.Select(d => d.StageId)];
        string[] titles = [.. deals.Select(d => d.Title)], currencies = [.. deals.Select(d => d.Currency)],
            lostReasons = [.. deals.Select(d => d.LostReason ?? "")], ranks = [.. deals.Select(d => d.Rank)];
        Guid?[] contacts = [.. deals.Select(d => d.ContactId)], companies = [.. deals.Select(d => d.CompanyId)], owners = [.. deals.Select(d => d.OwnerId)];
        decimal[] values = [.. deals.Select(d => d.Value)];
        int[] probabilities = [.. deals.Select(d => d.Probability)];
        DateOnly?[] closeDates = [.. deals.Select(d => d.ExpectedCloseDate)];
        DateTimeOffset?[] closedAt = [.. deals.Select(d => d.ClosedAt)];
        Guid[] taggedIds = [.. deals.SelectMany(d => d.Tags.Select(_ => d.Id))], tagIds = [.. deals.SelectMany(d => d.Tags.Select(t => t.TagId))];

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO deals (id, title, pipeline_id, stage_id, contact_id, company_id, owner_id, value, currency, probability,
                               expected_close_date, closed_at, lost_reason, rank)
            SELECT r.id, r.title, r.pipeline_id, r.stage_id, r.contact_id, r.company_id, r.owner_id, r.value, r.currency, r.probability,
                   r.expected_close_date, r.closed_at, NULLIF(r.lost_reason, ''), r.rank
            FROM unnest({ids}, {titles}, {pipelines}, {stages}, {contacts}, {companies}, {owners}, {values}, {currencies}, {probabilities},
                        {closeDates}, {closedAt}, {lostReasons}, {ranks})
                AS r(id, title, pipeline_id, stage_id, contact_id, company_id, owner_id, value, currency, probability,
                     expected_close_date, closed_at, lost_reason, rank)
            """, ct);
        if (tagIds.Length > 0)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO deal_tags (deal_id, tag_id) SELECT * FROM unnest({taggedIds}, {tagIds})
                """, ct);
        await transaction.CommitAsync(ct);
    }
}
