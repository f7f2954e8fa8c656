using System.Linq.Expressions;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Deals;

/// <summary>How a list of deals or activities is ordered: oldest first by default; by last change for clients that sync.</summary>
public enum RecordOrder { CreatedAt, CreatedAtDesc, UpdatedAt, UpdatedAtDesc }

public static class RecordOrders
{
    public const string Invalid = "sort is one of createdAt (the default), -createdAt, updatedAt, -updatedAt.";

    /// <summary>
    /// The order a <c>sort</c> parameter names, as the README writes it (<c>-updatedAt</c> for newest first) or by
    /// its name in any letter case; none is oldest first. False for anything else.
    /// </summary>
    public static bool TryParse(string? text, out RecordOrder order)
    {
        order = RecordOrder.CreatedAt;
        if (string.IsNullOrEmpty(text)) return true;
        var name = text.StartsWith('-') ? text[1..] + "Desc" : text;
        return !name.Contains(',') && !char.IsDigit(name[0]) && Enum.TryParse(name, ignoreCase: true, out order) && Enum.IsDefined(order);
    }
}

/// <summary>
/// Keyset pages over any tenant table, in a stable order (creation or last change, then id), read
/// through the live-row indexes of Sql/api_sales_indexes.sql: rows added or deleted between pages
/// neither repeat nor skip one. Deals and activities share it; contacts keep their own.
/// </summary>
internal static class KeysetPages
{
    /// <summary>One page of <paramref name="rows"/> after <paramref name="cursor"/>, projected; the next cursor when more rows follow.</summary>
    public static async Task<ApiPage<TResource>> PageAsync<TRow, TResource>(
        IQueryable<TRow> rows, RecordOrder order, ApiCursor cursor, int limit,
        Expression<Func<TRow, TResource>> project, Func<TResource, (DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Guid Id)> keyOf,
        CancellationToken ct)
        where TRow : TenantEntity
    {
        var page = await Sort(After(rows, order, cursor), order).Select(project).Take(limit + 1).ToListAsync(ct);
        if (page.Count <= limit) return new(page, null);
        var (created, updated, id) = keyOf(page[limit - 1]);
        return new(page[..limit], ApiCursor.AfterRow(ByUpdate(order) ? updated : created, id));
    }

    private static bool ByUpdate(RecordOrder order) => order is RecordOrder.UpdatedAt or RecordOrder.UpdatedAtDesc;

    private static IQueryable<T> After<T>(IQueryable<T> rows, RecordOrder order, ApiCursor cursor) where T : TenantEntity
    {
        if (cursor is not { After: { } at, AfterId: { } id }) return rows;
        return order switch
        {
            RecordOrder.CreatedAtDesc => rows.Where(r => r.CreatedAt < at || (r.CreatedAt == at && r.Id.CompareTo(id) < 0)),
            RecordOrder.UpdatedAt => rows.Where(r => r.UpdatedAt > at || (r.UpdatedAt == at && r.Id.CompareTo(id) > 0)),
            RecordOrder.UpdatedAtDesc => rows.Where(r => r.UpdatedAt < at || (r.UpdatedAt == at && r.Id.CompareTo(id) < 0)),
            _ => rows.Where(r => r.CreatedAt > at || (r.CreatedAt == at && r.Id.CompareTo(id) > 0)),
        };
    }

    private static IQueryable<T> Sort<T>(IQueryable<T> rows, RecordOrder order) where T : TenantEntity => order switch
    {
        RecordOrder.CreatedAtDesc => rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
        RecordOrder.UpdatedAt => rows.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id),
        RecordOrder.UpdatedAtDesc => rows.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
        _ => rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
    };
}
