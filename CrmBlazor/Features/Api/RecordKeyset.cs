using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api;

/// <summary>How an API list is ordered: oldest first by default; by last change for clients that sync.</summary>
public enum RecordOrder { CreatedAt, CreatedAtDesc, UpdatedAt, UpdatedAtDesc }

/// <summary>
/// Keyset pages of any tenant record in a <see cref="RecordOrder"/>: the rows after the cursor's (sort value, id),
/// sorted by the same pair, so rows added or removed between pages neither repeat nor skip one.
/// </summary>
public static class RecordKeyset
{
    /// <summary>The README's sort values: <c>createdAt</c> (the default), <c>-createdAt</c>, <c>updatedAt</c>, <c>-updatedAt</c>.</summary>
    public static bool TryParseOrder(string? text, out RecordOrder order)
    {
        order = text switch
        {
            null or "" or "createdAt" => RecordOrder.CreatedAt,
            "-createdAt" => RecordOrder.CreatedAtDesc,
            "updatedAt" => RecordOrder.UpdatedAt,
            "-updatedAt" => RecordOrder.UpdatedAtDesc,
            _ => (RecordOrder)(-1),
        };
        return Enum.IsDefined(order);
    }

    public const string InvalidOrder = "sort must be createdAt, -createdAt, updatedAt or -updatedAt.";

    /// <summary>
    /// The rows after the cursor, as one row-value comparison (<c>(created_at, id) &gt; (@at, @id)</c>), which the
    /// (tenant, sort value, id) indexes answer directly. Spelt as "later, or as late with a greater id", PostgreSQL
    /// filtered instead: a page deep in a million contacts took over a second.
    /// </summary>
    public static IQueryable<T> After<T>(IQueryable<T> rows, RecordOrder order, ApiCursor cursor) where T : TenantEntity
    {
        if (cursor is not { After: { } at, AfterId: { } id }) return rows;
        return order switch
        {
            RecordOrder.CreatedAtDesc => rows.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.CreatedAt, r.Id), ValueTuple.Create(at, id))),
            RecordOrder.UpdatedAt => rows.Where(r => EF.Functions.GreaterThan(ValueTuple.Create(r.UpdatedAt, r.Id), ValueTuple.Create(at, id))),
            RecordOrder.UpdatedAtDesc => rows.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.UpdatedAt, r.Id), ValueTuple.Create(at, id))),
            _ => rows.Where(r => EF.Functions.GreaterThan(ValueTuple.Create(r.CreatedAt, r.Id), ValueTuple.Create(at, id))),
        };
    }

    public static IQueryable<T> Sort<T>(IQueryable<T> rows, RecordOrder order) where T : TenantEntity => order switch
    {
        RecordOrder.CreatedAtDesc => rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
        RecordOrder.UpdatedAt => rows.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id),
        RecordOrder.UpdatedAtDesc => rows.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
        _ => rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
    };

    /// <summary>
    /// One page of <paramref name="rows"/> after <paramref name="cursor"/>, read as <paramref name="project"/> shapes it, and
    /// the cursor of the next page; <paramref name="keyOf"/> gives a read row's (created, updated, id).
    /// </summary>
    public static async Task<ApiPage<TOut>> PageAsync<T, TOut>(
        IQueryable<T> rows, RecordOrder order, ApiCursor cursor, int limit,
        Func<IQueryable<T>, IQueryable<TOut>> project, Func<TOut, (DateTimeOffset Created, DateTimeOffset Updated, Guid Id)> keyOf,
        CancellationToken ct) where T : TenantEntity
    {
        var page = await project(Sort(After(rows, order, cursor), order)).Take(limit + 1).ToListAsync(ct);
        if (page.Count <= limit) return new(page, null);
        var (created, updated, id) = keyOf(page[limit - 1]);
        var byUpdate = order is RecordOrder.UpdatedAt or RecordOrder.UpdatedAtDesc;
        return new(page[..limit], ApiCursor.AfterRow(byUpdate ? updated : created, id));
    }
}
