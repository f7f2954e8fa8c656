using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Tags;

/// <summary>The API's reads of tags: keyset pages in a stable order (a tenant's tags are few, so no search or filters).</summary>
public sealed class TagListing(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<ApiPage<TagResource>> PageAsync(RecordOrder order, ApiCursor cursor, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RecordKeyset.PageAsync(db.Tags, order, cursor, limit, Project, t => (t.CreatedAt, t.UpdatedAt, t.Id), ct);
    }

    public async Task<TagResource?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Tags.Where(t => t.Id == id)).SingleOrDefaultAsync(ct);
    }

    private static IQueryable<TagResource> Project(IQueryable<Tag> tags) =>
        tags.Select(t => new TagResource(t.Id, t.Name, t.Color, t.CreatedAt, t.UpdatedAt, t.Version));
}
