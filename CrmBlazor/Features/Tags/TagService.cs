using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Tags;

/// <summary>The tenant's tags, managed by Owners and Admins. Each method uses its own DbContext (circuit-safe).</summary>
public sealed class TagService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard)
{
    public const string DuplicateName = "A tag with this name already exists.";
    public const string ChangedBySomeoneElse = "This tag was changed by someone else. Close this dialog to see its current name and color, then try again.";
    public const string NoLongerExists = "This tag no longer exists; it may have been merged or deleted.";

    /// <summary>Runs after each step of a merge, inside its transaction; a test seam for fault injection.</summary>
    internal Func<TagMergeStep, Task> AfterMergeStepAsync { get; set; } = _ => Task.CompletedTask;

    /// <summary>Every tag with its usage, counted by PostgreSQL; deleted records do not count.</summary>
    public async Task<IReadOnlyList<TagListItem>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Tags.OrderBy(t => t.Name)
            .Select(t => new TagListItem(t.Id, t.Name, t.Color,
                db.Contacts.Count(c => c.Tags.Any(x => x.TagId == t.Id)),
                db.Companies.Count(c => c.Tags.Any(x => x.TagId == t.Id)),
                db.Deals.Count(d => d.Tags.Any(x => x.TagId == t.Id)),
                t.Version))
            .ToListAsync(ct);
    }

    public async Task<SaveResult> CreateAsync(TagForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "tags.create", ct);
        var clean = Clean(form);
        if (SaveResult.IfInvalid(clean, nameof(TagForm.Name)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await HolderOfNameAsync(db, clean.Name!, null, ct) is { } holder)
            return SaveResult.Invalid(nameof(TagForm.Name), DuplicateName, holder);
        var tag = new Tag { Name = clean.Name!, Color = clean.Color! };
        db.Tags.Add(tag);
        return await SaveAsync(db, tag, ct);
    }

    /// <summary>Renames and recolors the tag, if it still has the Version the form was loaded with.</summary>
    public async Task<SaveResult> UpdateAsync(Guid id, TagForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "tags.update", ct);
        var loadedVersion = EditVersion.Of(form.Version, nameof(form));
        var clean = Clean(form);
        if (SaveResult.IfInvalid(clean, nameof(TagForm.Name)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tag = await db.Tags.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tag is null) return SaveResult.Refused(NoLongerExists);
        if (await HolderOfNameAsync(db, clean.Name!, id, ct) is { } holder)
            return SaveResult.Invalid(nameof(TagForm.Name), DuplicateName, holder);
        db.Entry(tag).Property(t => t.Version).OriginalValue = loadedVersion;
        tag.Name = clean.Name!;
        tag.Color = clean.Color!;
        return await SaveAsync(db, tag, ct);
    }

    /// <summary>
    /// Gives every contact, company and deal tagged <paramref name="sourceId"/> the <paramref name="targetId"/> tag too (once), then deletes
    /// <paramref name="sourceId"/> with its assignments, in one transaction: a failure anywhere leaves both tags as they were.
    /// </summary>
    public async Task<SaveResult> MergeAsync(Guid sourceId, Guid targetId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "tags.merge", ct);
        if (sourceId == targetId) return SaveResult.Refused("Choose two different tags to merge.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locked until commit: a concurrent assignment of the source waits, then fails on the deleted
        // tag, instead of being copied too late and cascaded away with it.
        var found = await db.Tags.FromSql($"SELECT * FROM tags WHERE id IN ({sourceId}, {targetId}) FOR UPDATE")
            .Select(t => t.Id).ToListAsync(ct);
        if (found.Count != 2) return SaveResult.Refused(NoLongerExists);

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO contact_tags (tenant_id, contact_id, tag_id)
            SELECT tenant_id, contact_id, {targetId} FROM contact_tags WHERE tag_id = {sourceId}
            ON CONFLICT DO NOTHING
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO company_tags (tenant_id, company_id, tag_id)
            SELECT tenant_id, company_id, {targetId} FROM company_tags WHERE tag_id = {sourceId}
            ON CONFLICT DO NOTHING
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO deal_tags (tenant_id, deal_id, tag_id)
            SELECT tenant_id, deal_id, {targetId} FROM deal_tags WHERE tag_id = {sourceId}
            ON CONFLICT DO NOTHING
            """, ct);
        await AfterMergeStepAsync(TagMergeStep.AssignmentsCopied);
        await db.Tags.Where(t => t.Id == sourceId).ExecuteDeleteAsync(ct);
        await AfterMergeStepAsync(TagMergeStep.SourceDeleted);
        await transaction.CommitAsync(ct);
        return SaveResult.Saved(targetId);
    }

    /// <summary>Deletes the tag; the database's cascade removes its assignments. False when there was no such tag.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "tags.delete", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Tags.Where(t => t.Id == id).ExecuteDeleteAsync(ct) == 1;
    }

    private static async Task<SaveResult> SaveAsync(CrmDbContext db, Tag tag, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult.Saved(tag.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Refused(ChangedBySomeoneElse);
        }
        catch (DbUpdateException ex) when (TagConstraints.Describe(ex) is { } field)
        {
            return SaveResult.Invalid(field);
        }
    }

    /// <summary>The tag other than <paramref name="except"/> already named so (ignoring case), for the API's 409; null when none.</summary>
    private static Task<Guid?> HolderOfNameAsync(CrmDbContext db, string name, Guid? except, CancellationToken ct)
    {
        var normalized = name.ToLowerInvariant();
        return db.Tags.Where(t => t.Name.ToLower() == normalized && t.Id != except).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
    }

    private static TagForm Clean(TagForm form) => new()
    {
        Name = string.IsNullOrWhiteSpace(form.Name) ? null : form.Name.Trim(),
        Color = form.Color?.Trim().ToUpperInvariant(),
        Version = form.Version,
    };
}
