using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CrmBlazor.Features.Search;

/// <summary>
/// The one search of contacts, companies and deals: crm_search (Sql/search.sql) applies the matching
/// rules and the ranking in PostgreSQL; lists and the search-everything box compose its result with
/// their own columns.
/// </summary>
public static class RecordSearch
{
    /// <summary>A search lists at most this many records and says "1,000+" beyond: enough to pick from; more means typing more.</summary>
    public const int MaxResults = 1000;

    /// <summary>
    /// The matches of <paramref name="text"/> among live records of <paramref name="kind"/>, at most
    /// <paramref name="maxRows"/>, with their place in the ranking. The filters narrow contacts only.
    /// Composable: callers join it to what they show and order by <see cref="SearchMatch.Place"/>.
    /// </summary>
    public static IQueryable<SearchMatch> Matches(CrmDbContext db, SearchText text, SearchKind kind, int maxRows,
        Guid? ownerId = null, Guid? companyId = null, Guid? tagId = null) =>
        db.Database.SqlQuery<SearchMatch>($"""
            SELECT record_id, typos, prefixed, fields, matched_on, place
            FROM crm_search({text.Text}, {KindName(kind)}, {maxRows}, {FilterParameter(ownerId)}, {FilterParameter(companyId)}, {FilterParameter(tagId)})
            """);

    private static string KindName(SearchKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A filter for crm_search, typed, so a null filter still tells PostgreSQL which function it calls.</summary>
    public static NpgsqlParameter FilterParameter(Guid? value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)value ?? DBNull.Value };
}
