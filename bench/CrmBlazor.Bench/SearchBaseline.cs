using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// The search's answer written a second way, to check the app against and to time it by: the first
/// page (25 ids, best first) of a contact search, by one hand-written statement as the owner. It
/// shares with crm_search only what defines the rules (the words of a text, the typo budget, the
/// Damerau distance, the documents and their words), not the way of searching them:
/// <list type="bullet">
/// <item>typo readings come from a scan of the tenant's whole dictionary with levenshtein as a filter,
/// not from the deletion variants, so a candidate the variants miss shows as a disagreement;</item>
/// <item>the matching documents are read in one go and each is scored by its best reading per word,
/// instead of level by level (typos, prefix) with a limit per level;</item>
/// <item>no cap on combinations: the bench's queries have at most three words.</item>
/// </list>
/// </summary>
public static class SearchBaseline
{
    public const int PageSize = 25;

    public static async Task<List<Guid>> FirstPageAsync(BenchDatabase db, Guid tenant, string query)
    {
        await using var connection = await db.Owner.OpenConnectionAsync();
        string[] words;
        await using (var split = new NpgsqlCommand(WordsSql, connection))
        {
            split.Parameters.AddWithValue("q", query);
            words = (string[])(await split.ExecuteScalarAsync())!;
        }
        var ids = new List<Guid>();
        if (words.Length == 0) return ids;
        await using var command = new NpgsqlCommand(PageSql(words.Length), connection);
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("words", words);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    // The query's words: its first 200 characters; a phone number typed with spaces, dashes and
    // brackets is one word of its digits; at most 8 words.
    private const string WordsSql = """
        select case when t ~ '^[[:space:][:digit:]+().\-/]+$' and t ~ '[[:digit:]].*[^[:digit:]].*[[:digit:]]'
                    then array[regexp_replace(t, '[^0-9]', '', 'g')]
                    else coalesce((crm_search_tokens(t))[1:8], '{}') end
        from (select left(@q, 200) as t) as typed
        """;

    private static string PageSql(int wordCount)
    {
        // One condition per word, so each is an index lookup with its own readings.
        var conditions = string.Join("\n", Enumerable.Range(1, wordCount).Select(i => $$"""
                  and (d.keys && (select k.keys from word_keys k where k.i = {{i}})
                       or (select w.word from w where w.i = {{i}}) ~ '^[0-9]{3,}$'
                          and d.phone_digits like '%' || (select w.word from w where w.i = {{i}}) || '%')
            """));
        return $$"""
            with w as (
                select i, word, i = cardinality(@words::text[]) as is_last, crm_typo_budget(word) as budget
                from unnest(@words::text[]) with ordinality as u(word, i)),
            readings as (
                select w.i, w.word as term, 0 as typos, false as prefix from w
                union all
                select w.i, t.term, 0, true from w
                join search_terms t on t.tenant_id = @t and t.term like w.word || '%' and t.term <> w.word
                where w.is_last and length(w.word) > 3
                union all
                select w.i, t.term, crm_typos(w.word, t.term), false from w
                join search_terms t on t.tenant_id = @t
                where w.budget > 0 and t.term <> w.word and abs(length(t.term) - length(w.word)) <= w.budget
                  and levenshtein_less_equal(w.word, t.term, 2 * w.budget) <= 2 * w.budget
                  and crm_typos(w.word, t.term) <= w.budget),
            word_keys as (
                select w.i, array_agg(r.term) || case when w.is_last and length(w.word) <= 3 then array[w.word || '*'] else '{}' end as keys
                from w join readings r on r.i = w.i group by w.i, w.is_last, w.word),
            docs as materialized (
                select d.record_id, d.active_at, d.name_words, d.email_words, d.company_words, d.title_words, d.phone_digits
                from search_documents d
                where d.tenant_id = @t and d.kind = 'contact'
            {{conditions}}),
            -- Each word's best reading in each document: exact 0, prefix 1, k typos 2k.
            best as (
                select d.record_id, w.i,
                       min(case when w.word ~ '^[0-9]{3,}$' and strpos(d.phone_digits, w.word) > 0 then 0
                                when r.term is not null then case when r.prefix then 1 else 2 * r.typos end
                                when w.is_last and left(e.word, length(w.word)) = w.word then 1 end) as cost
                from docs d cross join w
                cross join lateral unnest(d.name_words || d.email_words || d.company_words || d.title_words) as e(word)
                left join readings r on r.i = w.i and r.term = e.word
                group by d.record_id, w.i),
            scored as (
                select d.record_id, d.active_at, sum(b.cost / 2) as typos, bool_or(b.cost = 1) as prefixed
                from docs d join best b on b.record_id = d.record_id group by d.record_id, d.active_at),
            -- At most 1,001 (one past the list's cap): best by typos and prefix, most recently active first.
            chosen as (
                select * from scored order by typos, prefixed, active_at desc, record_id limit 1001),
            fields as (
                select c.record_id,
                       count(*) filter (where exists (
                           select 1 from unnest(f.words) e, w
                           where exists (select 1 from readings r where r.i = w.i and r.term = e)
                              or (w.is_last and left(e, length(w.word)) = w.word)))
                       + max((exists (select 1 from w where w.word ~ '^[0-9]{3,}$' and strpos(d.phone_digits, w.word) > 0))::int) as fields
                from chosen c join docs d on d.record_id = c.record_id
                cross join lateral (values (d.name_words), (d.email_words), (d.company_words), (d.title_words)) as f(words)
                group by c.record_id)
            select c.record_id
            from chosen c join fields f on f.record_id = c.record_id
            order by c.typos, c.prefixed, f.fields desc, c.active_at desc, c.record_id
            limit {{PageSize}}
            """;
    }
}
