using System.Linq.Expressions;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Api.Deals;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Activities;

/// <summary>The API's reads of activities: keyset pages in a stable order with the list's filters, and one activity.</summary>
public sealed class ActivityListing(IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary><paramref name="Done"/>: done tasks and logged activities (true) or open tasks (false); due range inclusive.</summary>
    public sealed record Filters(
        Guid? ContactId, Guid? DealId, Guid? CompanyId, string? Type, bool? Done, DateTimeOffset? DueFrom, DateTimeOffset? DueTo,
        DateTimeOffset? UpdatedSince);

    public async Task<ApiPage<ActivityResource>> PageAsync(Filters filters, RecordOrder order, ApiCursor cursor, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activities = db.Activities.AsQueryable();
        if (filters.ContactId is { } contact) activities = activities.Where(a => a.ContactId == contact);
        if (filters.DealId is { } deal) activities = activities.Where(a => a.DealId == deal);
        if (filters.CompanyId is { } company) activities = activities.Where(a => a.CompanyId == company);
        if (filters.Type is { } type) activities = activities.Where(a => a.Type == type);
        if (filters.Done is { } done) activities = done ? activities.Where(a => a.CompletedAt != null) : activities.Where(a => a.CompletedAt == null);
        if (filters.DueFrom is { } from) activities = activities.Where(a => a.DueAt >= from);
        if (filters.DueTo is { } to) activities = activities.Where(a => a.DueAt <= to);
        if (filters.UpdatedSince is { } since) activities = activities.Where(a => a.UpdatedAt >= since);
        return await RecordKeyset.PageAsync(activities, order, cursor, limit, rows => rows.Select(Project), a => (a.CreatedAt, a.UpdatedAt, a.Id), ct);
    }

    public async Task<ActivityResource?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Activities.Where(a => a.Id == id).Select(Project).SingleOrDefaultAsync(ct);
    }

    /// <summary>The activities with these ids, in the order given (a bulk create's answer).</summary>
    public async Task<IReadOnlyList<ActivityResource>> GetManyAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Activities.Where(a => ids.Contains(a.Id)).Select(Project).ToDictionaryAsync(a => a.Id, ct);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    private static readonly Expression<Func<Activity, ActivityResource>> Project = a => new ActivityResource(
        a.Id, a.Type, a.Subject, a.Body, a.DueAt, a.CompletedAt, a.CompletedAt != null, a.DurationMinutes, a.Outcome,
        a.ContactId, a.CompanyId, a.DealId, a.OwnerId, a.CreatedAt, a.UpdatedAt, a.Version);
}
