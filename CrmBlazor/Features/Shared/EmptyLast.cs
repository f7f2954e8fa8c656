using System.Linq.Expressions;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// A list's column sort with the rows that have no value at the end, in either direction. PostgreSQL puts
/// NULLs last ascending but first descending, so a descending sort showed the empty rows first.
/// </summary>
public static class EmptyLast
{
    public static IOrderedQueryable<T> Order<T, TKey>(IQueryable<T> rows, Expression<Func<T, TKey>> key, bool descending)
    {
        var isEmpty = Expression.Lambda<Func<T, bool>>(Expression.Equal(key.Body, Expression.Constant(null, key.Body.Type)), key.Parameters);
        var emptyLast = rows.OrderBy(isEmpty);
        return descending ? emptyLast.ThenByDescending(key) : emptyLast.ThenBy(key);
    }
}
