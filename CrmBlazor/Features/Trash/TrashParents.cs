using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Trash;

/// <summary>The links between records in the trash that a restore or a delete forever must respect.</summary>
internal static class TrashParents
{
    private static readonly string[] NotDeleted = [CrmDbContext.NotDeletedFilter];

    /// <summary>The deleted records <paramref name="keys"/> point at directly.</summary>
    public static async Task<List<TrashKey>> OfAsync(CrmDbContext db, IReadOnlyCollection<TrashKey> keys, CancellationToken ct)
    {
        var contactIds = Ids(keys, TrashKind.Contact);
        var dealIds = Ids(keys, TrashKind.Deal);
        var activityIds = Ids(keys, TrashKind.Activity);
        var contacts = db.Contacts.IgnoreQueryFilters(NotDeleted);
        var deals = db.Deals.IgnoreQueryFilters(NotDeleted);
        var activities = db.Activities.IgnoreQueryFilters(NotDeleted);
        var deletedCompanies = db.Companies.IgnoreQueryFilters(NotDeleted).Where(c => c.DeletedAt != null).Select(c => (Guid?)c.Id);
        var deletedContacts = contacts.Where(c => c.DeletedAt != null).Select(c => (Guid?)c.Id);
        var deletedDeals = deals.Where(d => d.DeletedAt != null).Select(d => (Guid?)d.Id);

        var companies = await contacts.Where(c => contactIds.Contains(c.Id)).Select(c => c.CompanyId)
            .Concat(deals.Where(d => dealIds.Contains(d.Id)).Select(d => d.CompanyId))
            .Concat(activities.Where(a => activityIds.Contains(a.Id)).Select(a => a.CompanyId))
            .Where(id => deletedCompanies.Contains(id)).Distinct().ToListAsync(ct);
        var contactParents = await deals.Where(d => dealIds.Contains(d.Id)).Select(d => d.ContactId)
            .Concat(activities.Where(a => activityIds.Contains(a.Id)).Select(a => a.ContactId))
            .Where(id => deletedContacts.Contains(id)).Distinct().ToListAsync(ct);
        var dealParents = await activities.Where(a => activityIds.Contains(a.Id)).Select(a => a.DealId)
            .Where(id => deletedDeals.Contains(id)).Distinct().ToListAsync(ct);

        return [
            .. companies.Select(id => new TrashKey(TrashKind.Company, id!.Value)),
            .. contactParents.Select(id => new TrashKey(TrashKind.Contact, id!.Value)),
            .. dealParents.Select(id => new TrashKey(TrashKind.Deal, id!.Value)),
        ];
    }

    /// <summary>
    /// Why the companies cannot be deleted for good, or null: a deal (live or in the trash) still names one as a
    /// participant, and fk_deal_participants_company_holds_role does not let the company go before that.
    /// </summary>
    public static async Task<string?> CompaniesInDealsAsync(CrmDbContext db, IReadOnlyCollection<Guid> companyIds, CancellationToken ct)
    {
        var uses = await (
                from p in db.DealParticipants.IgnoreQueryFilters(NotDeleted)
                join d in db.Deals.IgnoreQueryFilters(NotDeleted) on p.DealId equals d.Id
                where companyIds.Contains(p.CompanyId)
                select new { Company = p.Company!.Name, Deal = d.Title })
            .Distinct().OrderBy(u => u.Deal).Take(4).ToListAsync(ct);
        if (uses.Count == 0) return null;
        var deals = string.Join(", ", uses.Take(3).Select(u => $"\"{u.Deal}\"")) + (uses.Count > 3 ? " and others" : "");
        return $"{uses[0].Company} takes part in {deals}. Remove it from those deals (or delete them forever) first.";
    }

    private static List<Guid> Ids(IEnumerable<TrashKey> keys, TrashKind kind) =>
        keys.Where(k => k.Kind == kind).Select(k => k.Id).ToList();
}
