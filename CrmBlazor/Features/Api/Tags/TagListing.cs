using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Tags;

/// <summary>
/// The API's reads of tags: keyset pages in a stable order. A tenant's tags are few, so <c>q</c> is a plain
/// "name contains, ignoring case" rather than the records' ranked search, and its pages are keyed like any other.
/// </summary>
public sealed class TagListing(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<ApiPage<TagResource>> PageAsync(string? search, RecordOrder order, ApiCursor cursor, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tags = db.Tags.AsQueryable();
        if (search?.Trim().ToLowerInvariant() is { Length: > 0 } text) tags = tags.Where(t => t.Name.ToLower().Contains(text));
        return await RecordKeyset.PageAsync(tags, order, cursor, limit, Project, t => (t.CreatedAt, t.UpdatedAt, t.Id), ct);
    }

    public async Task<TagResource?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Tags.Where(t => t.Id == id)).SingleOrDefaultAsync(ct);
    }

    private static IQueryable<TagResource> Project(IQueryable<Tag> tags) =>
        tags.Select(t => new TagResource(t.Id, t.Name, t.Color, t.CreatedAt, t.UpdatedAt, t.Version));
}
