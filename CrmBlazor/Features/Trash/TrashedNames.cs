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

    public static Task<string?> ContactAsync(CrmDbContext db, Guid? id, CancellationToken ct) =>
        id is { } contact
            ? db.Contacts.IgnoreQueryFilters(NotDeleted).Where(c => c.Id == contact && c.DeletedAt != null)
                .Select(c => ((c.FirstName ?? "") + " " + (c.LastName ?? "")).Trim()).FirstOrDefaultAsync(ct)
            : Task.FromResult<string?>(null);
}
