using CrmBlazor.Data;
using CrmBlazor.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Bench;

/// <summary>
/// The number the contact list shows under the grid, counted the way the list counts it, on its
/// own: the app only ever gets it with a page (ContactService.SearchAsync), the bench times it apart.
/// </summary>
public static class ContactCount
{
    public static async Task<int> ShownAsync(IDbContextFactory<CrmDbContext> dbFactory, ContactQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (query.HasSearch) return Math.Min((await ContactSearch.FindAsync(db, query, ct)).Count, ContactSearch.MaxSearchResults);
        if (ContactSearch.HasFilters(query)) return (await ContactService.CappedCountAsync(ContactSearch.Filter(db, query), ct)).Total;
        return (int)await ContactSearch.LiveCount(db).FirstOrDefaultAsync(ct);
    }
}
