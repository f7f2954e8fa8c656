using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Audit;

/// <summary>
/// Names for the ids audit rows mention (who acted, owners, companies, contacts, deals, stages, tags…),
/// one small query per kind of id present, deleted records included: an entry about a record in the
/// trash still names it.
/// </summary>
public sealed class AuditNames(IReadOnlyDictionary<Guid, string> names)
{
    public static readonly AuditNames None = new(new Dictionary<Guid, string>());

    public string? Of(Guid? id) => id is { } key ? names.GetValueOrDefault(key) : null;

    /// <summary>The kind of record an id column points at; null for a column that holds no id of a named record.</summary>
    private static string? KindOf(string column) => column switch
    {
        "owner_id" or "user_id" or "created_by" or "updated_by" => "users",
        "company_id" => "companies",
        "contact_id" => "contacts",
        "deal_id" => "deals",
        "stage_id" => "stages",
        "pipeline_id" => "pipelines",
        "tag_id" => "tags",
        "lost_reason_id" => "lost_reasons",
        "role_id" => "roles",
        _ => null,
    };

    public static bool IsReference(string column) => KindOf(column) is not null;

    /// <param name="users">Ids of the users who acted.</param>
    /// <param name="rows">Every row (old and new) whose id columns should get names.</param>
    public static async Task<AuditNames> LoadAsync(CrmDbContext db, IEnumerable<Guid?> users, IEnumerable<Dictionary<string, string?>> rows, CancellationToken ct)
    {
        var wanted = rows.SelectMany(row => row)
            .Where(column => KindOf(column.Key) is not null && Guid.TryParse(column.Value, out _))
            .Select(column => (Kind: KindOf(column.Key)!, Id: Guid.Parse(column.Value!)))
            .Concat(users.OfType<Guid>().Select(id => (Kind: "users", Id: id)))
            .GroupBy(x => x.Kind, x => x.Id)
            .ToDictionary(g => g.Key, g => g.Distinct().ToList());
        var names = new Dictionary<Guid, string>();
        List<Guid> Ids(string kind) => wanted.GetValueOrDefault(kind) ?? [];
        async Task AddAsync<T>(string kind, Func<List<Guid>, IQueryable<T>> query, Func<T, (Guid, string)> pick)
        {
            if (Ids(kind) is not { Count: > 0 } ids) return;
            foreach (var row in await query(ids).ToListAsync(ct))
            {
                var (id, name) = pick(row);
                names[id] = name;
            }
        }

        await AddAsync("users", ids => db.Users.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.FullName }),
            u => (u.Id, u.FullName));
        await AddAsync("companies", ids => db.Companies.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }),
            c => (c.Id, c.Name));
        await AddAsync("contacts", ids => db.Contacts.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.FirstName, c.LastName, c.Email }),
            c => (c.Id, ContactName(c.FirstName, c.LastName, c.Email)));
        await AddAsync("deals", ids => db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Title }),
            d => (d.Id, d.Title));
        await AddAsync("stages", ids => db.PipelineStages.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }), s => (s.Id, s.Name));
        await AddAsync("pipelines", ids => db.Pipelines.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }), p => (p.Id, p.Name));
        await AddAsync("tags", ids => db.Tags.Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Name }), t => (t.Id, t.Name));
        await AddAsync("lost_reasons", ids => db.LostReasons.Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }), r => (r.Id, r.Name));
        await AddAsync("roles", ids => db.Roles.Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }), r => (r.Id, r.Name ?? ""));
        return new AuditNames(names);
    }

    private static string ContactName(string? first, string? last, string? email) =>
        $"{first} {last}".Trim() is { Length: > 0 } name ? name : email ?? "(no name)";
}
