using Npgsql;
using NpgsqlTypes;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>One row crm_search returned, in its order.</summary>
public sealed record SearchHit(Guid RecordId, int Typos, bool Prefixed, int Fields, string? MatchedOn, long Place);

/// <summary>
/// crm_search (Sql/search.sql) called as the session's role, and the rows the search rules are tested
/// on: people with every searchable field, so a test names only what it searches for.
/// </summary>
public static class SearchCalls
{
    /// <summary>crm_search for the session's tenant, best first.</summary>
    public static async Task<List<SearchHit>> SearchAsync(this DbSession session, string? text, string kind = "contact",
        int maxRows = 100, Guid? ownerId = null, Guid? companyId = null, Guid? tagId = null)
    {
        await using var command = new NpgsqlCommand("""
            select record_id, typos, prefixed, fields, matched_on, place
            from crm_search(@text, @kind, @max, @owner, @company, @tag) order by place
            """, session.Connection);
        command.Parameters.Add(new NpgsqlParameter("text", NpgsqlDbType.Text) { Value = (object?)text ?? DBNull.Value });
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("max", maxRows);
        foreach (var (name, value) in new[] { ("owner", ownerId), ("company", companyId), ("tag", tagId) })
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Uuid) { Value = (object?)value ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            hits.Add(new(reader.GetGuid(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5)));
        return hits;
    }

    /// <summary>The ids crm_search found, best first.</summary>
    public static async Task<Guid[]> FoundAsync(this DbSession session, string? text, string kind = "contact", int maxRows = 100) =>
        [.. (await session.SearchAsync(text, kind, maxRows)).Select(h => h.RecordId)];

    /// <summary>A contact of the session's tenant with the given fields.</summary>
    public static Task<Guid> AddPersonAsync(this DbSession session, string firstName, string lastName, string? email = null,
        string? phone = null, string? jobTitle = null, Guid? companyId = null) =>
        session.ScalarAsync<Guid>("""
            insert into contacts (first_name, last_name, email, phone, job_title, company_id)
            values (@first, @last, @email, @phone, @title, @company) returning id
            """, ("first", firstName), ("last", lastName), ("email", email), ("phone", phone), ("title", jobTitle), ("company", companyId));

    /// <summary>A deal titled TITLE in the pipeline's first stage.</summary>
    public static Task<Guid> AddDealTitledAsync(this DbSession session, TestPipeline pipeline, string title, Guid? companyId = null) =>
        session.ScalarAsync<Guid>("""
            insert into deals (title, pipeline_id, stage_id, company_id, value, currency, probability, rank)
            values (@title, @pipeline, @stage, @company, 1000, 'EUR', 10, @rank) returning id
            """, ("title", title), ("pipeline", pipeline.Id), ("stage", pipeline.FirstStageId), ("company", companyId),
            ("rank", Guid.NewGuid().ToString("N")));
}
