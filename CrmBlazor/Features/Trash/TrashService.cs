using CrmBlazor.Data;
using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Trash;

/// <summary>
/// The trash: deleted contacts, companies, deals and activities of the last <see cref="TrashWindow.Days"/> days,
/// restored (every role that edits) or deleted forever (the Owner). Each method uses its own DbContext, and each
/// change is one transaction.
/// </summary>
public sealed class TrashService(
    IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, ITenantContext tenant, IPipelineChangeFeed boards, TimeProvider clock)
{
    public const string NoLongerInTrash = "Some of these records are no longer in the trash. Reload it and try again.";

    public async Task<TrashListResult> ListAsync(TrashQuery query, CancellationToken ct = default)
    {
        query = query with { Page = ListPaging.Page(query.Page, query.PageSize), PageSize = ListPaging.Size(query.PageSize) };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var kinds = query.Kind is { } kind ? [kind] : Enum.GetValues<TrashKind>();
        var deleted = TrashList.Deleted(db, clock.GetUtcNow() - TrashWindow.Length, kinds);
        var page = await deleted.OrderByDescending(i => i.DeletedAt).ThenBy(i => i.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var total = page.Count < query.PageSize && (page.Count > 0 || query.Page == 0)
            ? query.Page * query.PageSize + page.Count
            : await deleted.CountAsync(ct);
        return new(await TrashList.WithDeleterAsync(db, page, ct), total);
    }

    /// <summary>
    /// The records still in the trash that <paramref name="keys"/> point at (a contact's company; a deal's company and
    /// contact; an activity's contact, company and deal), and theirs in turn, other than those in <paramref name="keys"/>:
    /// what a restore offers to bring back too.
    /// </summary>
    public async Task<IReadOnlyList<TrashItem>> DeletedParentsAsync(IReadOnlyCollection<TrashKey> keys, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = keys.ToHashSet();
        var parents = new List<TrashKey>();
        for (var frontier = keys.ToList(); frontier.Count > 0;)
        {
            var found = (await TrashParents.OfAsync(db, frontier, ct)).Where(known.Add).ToList();
            parents.AddRange(found);
            frontier = found;
        }
        if (parents.Count == 0) return [];
        var parentIds = parents.Select(p => p.Id).ToList();
        var items = await TrashList.Deleted(db, DateTimeOffset.MinValue, parents.Select(p => p.Kind).Distinct().ToList())
            .Where(i => parentIds.Contains(i.Id)).ToListAsync(ct);
        return items.OrderBy(i => i.Kind).ThenBy(i => i.Name).Select(i => i.ToItem()).ToList();
    }

    /// <summary>
    /// Restores the records in one transaction, parents first; all of them or none. A contact or company whose email
    /// or domain an active one has taken meanwhile refuses the whole restore with a sentence saying so.
    /// </summary>
    public async Task<TrashOutcome> RestoreAsync(IReadOnlyCollection<TrashKey> keys, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "trash.restore", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var pipelines = new List<Guid>();
        foreach (var kind in new[] { TrashKind.Company, TrashKind.Contact, TrashKind.Deal, TrashKind.Activity })
        {
            var ids = IdsOf(keys, kind);
            if (ids.Count == 0) continue;
            SaveResult? refusal;
            switch (kind)
            {
                case TrashKind.Company: refusal = await CompanyService.UndeleteAsync(db, ids, ct); break;
                case TrashKind.Contact: refusal = await ContactService.UndeleteAsync(db, ids, ct); break;
                case TrashKind.Deal:
                    (refusal, var moved) = await DealService.UndeleteAsync(db, ids, ct);
                    pipelines.AddRange(moved);
                    break;
                default: refusal = await ActivityService.UndeleteAsync(db, ids, ct); break;
            }
            if (refusal is not null)
                return new(0, refusal.IsGone ? NoLongerInTrash : refusal.Problem ?? refusal.Errors.Values.First());
        }
        // In the transaction: the boards hear of the restore when it commits, and of nothing when it does not.
        foreach (var pipeline in pipelines.Distinct()) await boards.PublishAsync(db, new PipelineChange(tenant.TenantId!.Value, pipeline), ct);
        await transaction.CommitAsync(ct);
        return new(keys.Distinct().Count());
    }

    /// <summary>
    /// Deletes the records for good (Owner only), in one transaction, children before parents, through
    /// <c>crm_delete_forever</c> (soft_delete.sql): the runtime role may not delete them itself. Their tags, roles and
    /// participants go with them; live records that pointed at them lose the link (ON DELETE SET NULL). The audit
    /// trigger keeps each deleted row. Refused when a company still takes part in a deal (the deal needs it).
    /// </summary>
    public async Task<TrashOutcome> DeleteForeverAsync(IReadOnlyCollection<TrashKey> keys, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.ManageTenant, "trash.delete_forever", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var companies = IdsOf(keys, TrashKind.Company);
        if (companies.Count > 0 && await TrashParents.CompaniesInDealsAsync(db, companies, ct) is { } inDeals)
            return new(0, inDeals);
        var (activities, deals, contacts) = (IdsOf(keys, TrashKind.Activity), IdsOf(keys, TrashKind.Deal), IdsOf(keys, TrashKind.Contact));
        var deleted = await db.Database.SqlQuery<int>(
            $"SELECT crm_delete_forever({activities}, {deals}, {contacts}, {companies}) AS \"Value\"").SingleAsync(ct);
        // A record restored or deleted meanwhile is not removed: then none is (the transaction is not committed).
        if (deleted != activities.Count + deals.Count + contacts.Count + companies.Count) return new(0, NoLongerInTrash);
        await transaction.CommitAsync(ct);
        return new(deleted);
    }

    private static List<Guid> IdsOf(IEnumerable<TrashKey> keys, TrashKind kind) =>
        keys.Where(k => k.Kind == kind).Select(k => k.Id).Distinct().ToList();
}
