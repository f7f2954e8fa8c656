using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Trash;

/// <summary>
/// The names of records in the trash, for pages that point at one: the page's own query sees no deleted row (the
/// soft-delete filter), so a link whose name came back empty is looked up here. Null when the record is not in the trash.
/// </summary>
public static class TrashedNames
{
    private static readonly string[] NotDeleted = [CrmDbContext.NotDeletedFilter];

    public static Task<string?> CompanyAsync(CrmDbContext db, Guid? id, CancellationToken ct) =>
        id is { } company
            ? db.Companies.IgnoreQueryFilters(NotDeleted).Where(c => c.Id == company && c.DeletedAt != null).Select(c => c.Name).FirstOrDefaultAsync(ct)
            : Task.FromResult<string?>(null);

    public static async Task<string?> ContactAsync(CrmDbContext db, Guid? id, CancellationToken ct) =>
        id is { } contact ? (await ContactsAsync(db, [contact], ct)).GetValueOrDefault(contact) : null;

    /// <summary>The names of those of <paramref name="ids"/> in the trash (a list's rows pointing at them), by id.</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> ContactsAsync(CrmDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<Guid, string>();
        return await db.Contacts.IgnoreQueryFilters(NotDeleted).Where(c => wanted.Contains(c.Id) && c.DeletedAt != null)
            .ToDictionaryAsync(c => c.Id, c => ((c.FirstName ?? "") + " " + (c.LastName ?? "")).Trim(), ct);
    }

    public static async Task<IReadOnlyDictionary<Guid, string>> DealsAsync(CrmDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<Guid, string>();
        return await db.Deals.IgnoreQueryFilters(NotDeleted).Where(d => wanted.Contains(d.Id) && d.DeletedAt != null)
            .ToDictionaryAsync(d => d.Id, d => d.Title, ct);
    }
}
