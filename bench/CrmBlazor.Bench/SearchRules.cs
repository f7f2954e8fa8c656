using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// Issue 12's matching rules over one tenant's contacts, in memory, to judge the generated queries (not
/// to rank: the baseline SQL does that): with how many typos a query matches its source contact, and
/// how many contacts match it with as few. When at most 10 do, fewer-typos-first alone puts the source
/// on the first 10 rows, so recall@10 can hold the engine to it; a broader query ("Anna M") is still
/// timed but cannot be held to one contact. Every field is one bag of words here (fields matched is a
/// later ranking rule), and a number of 3+ digits also matches inside the phone's digits.
/// </summary>
public sealed class SearchRules
{
    public sealed record Row(Guid Id, string? FirstName, string? LastName, string? Email, string? Phone);

    private readonly List<Row> rows = [];
    private readonly List<int[]> wordsOf = [];
    private readonly List<string> phoneDigits = [];
    private readonly Dictionary<string, int> wordIds = new(StringComparer.Ordinal);
    private readonly List<List<int>> postings = [];
    private readonly Dictionary<string, int[]> fieldWords = new(StringComparer.Ordinal);
    private string[] sorted = [];
    private int[] sortedIds = [];

    public IReadOnlyList<Row> Rows => rows;

    public static async Task<SearchRules> LoadAsync(BenchDatabase db, Guid tenant)
    {
        var rules = new SearchRules();
        await using var connection = await db.OpenAppAsync(tenant);
        await using var command = new NpgsqlCommand("""
            select c.id, c.first_name, c.last_name, c.email, c.phone, c.job_title, co.name
            from contacts c
            left join companies co on co.tenant_id = c.tenant_id and co.id = c.company_id and co.deleted_at is null
            where c.tenant_id = @t and c.deleted_at is null
            order by c.id
            """, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("t", tenant);
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                rules.Add(new Row(reader.GetGuid(0), Text(1), Text(2), Text(3), Text(4)), Text(5), Text(6));
            }
        rules.Seal();
        return rules;
    }

    /// <summary>The typos with which the query matches the contact (the sum over its words), or null when it does not match.</summary>
    public int? Typos(string query, int contact) => TyposOf(Parse(query), contact);

    /// <summary>How many contacts the query matches with at most <paramref name="maxTypos"/> typos, counting no further than <paramref name="enough"/>.</summary>
    public int CountMatching(string query, int maxTypos, int enough)
    {
        var words = Parse(query);
        if (words.Length == 0) return 0;
        var rarest = words.MinBy(w => w.Typos.Keys.Sum(id => postings[id].Count) + w.Phones.Count)!;
        var candidates = new HashSet<int>(rarest.Phones);
        foreach (var id in rarest.Typos.Keys) candidates.UnionWith(postings[id]);
        var count = 0;
        foreach (var contact in candidates)
            if (TyposOf(words, contact) <= maxTypos && ++count >= enough) break;
        return count;
    }

    private void Add(Row row, string? jobTitle, string? companyName)
    {
        var contact = rows.Count;
        rows.Add(row);
        var words = new HashSet<int>();
        words.UnionWith(SearchWords.Words(row.Email).Select(Intern));
        foreach (var field in new[] { row.FirstName, row.LastName, jobTitle, companyName })
            if (field is not null) words.UnionWith(FieldWords(field));
        wordsOf.Add([.. words]);
        foreach (var id in words) postings[id].Add(contact);
        phoneDigits.Add(new string((row.Phone ?? "").Where(char.IsDigit).ToArray()));
    }

    // Names, titles and company names repeat across contacts: split each distinct one once.
    private int[] FieldWords(string field)
    {
        if (!fieldWords.TryGetValue(field, out var ids)) fieldWords[field] = ids = SearchWords.Words(field).Select(Intern).ToArray();
        return ids;
    }

    private int Intern(string word)
    {
        if (wordIds.TryGetValue(word, out var id)) return id;
        wordIds[word] = id = postings.Count;
        postings.Add([]);
        return id;
    }

    private void Seal()
    {
        sorted = [.. wordIds.Keys];
        sortedIds = [.. wordIds.Values];
        Array.Sort(sorted, sortedIds, StringComparer.Ordinal);
        fieldWords.Clear();
    }

    /// <summary>A query word and the tenant's words it matches, with their typos; a number of 3+ digits also the contacts whose phone contains it.</summary>
    private sealed record QueryWord(Dictionary<int, int> Typos, HashSet<int> Phones);

    private QueryWord[] Parse(string query)
    {
        var words = SearchWords.Words(query);
        return words.Select((word, i) => new QueryWord(Matches(word, SearchWords.TypoBudget(word), i == words.Count - 1), PhonesContaining(word))).ToArray();
    }

    private int? TyposOf(QueryWord[] query, int contact)
    {
        var total = 0;
        foreach (var word in query)
        {
            var best = word.Phones.Contains(contact) ? 0 : int.MaxValue;
            foreach (var id in wordsOf[contact])
                if (word.Typos.TryGetValue(id, out var typos) && typos < best) best = typos;
            if (best == int.MaxValue) return null;
            total += best;
        }
        return total;
    }

    private HashSet<int> PhonesContaining(string word)
    {
        var found = new HashSet<int>();
        if (word.Length < 3 || !SearchWords.IsDigits(word)) return found;
        for (var i = 0; i < phoneDigits.Count; i++)
            if (phoneDigits[i].Contains(word, StringComparison.Ordinal)) found.Add(i);
        return found;
    }

    /// <summary>
    /// The words within <paramref name="budget"/> typos of the query word, whole or (the last query word)
    /// by a prefix, by one walk over the sorted words that reuses the distance rows of a shared beginning
    /// and skips every word that begins beyond reach.
    /// </summary>
    private Dictionary<int, int> Matches(string q, int budget, bool prefix)
    {
        if (budget == 0 && !prefix) return wordIds.TryGetValue(q, out var exact) ? new() { [exact] = 0 } : [];
        var found = new Dictionary<int, int>();
        var m = q.Length;
        var maxDepth = m + budget; // a longer word is too far in full, and its longer beginnings are too far as prefixes
        var rows = new int[maxDepth + 1][];
        for (var j = 0; j <= maxDepth; j++) rows[j] = new int[m + 1];
        for (var i = 0; i <= m; i++) rows[0][i] = i;
        var prefixBest = new int[maxDepth + 1]; // the distance of q to the nearest beginning of the word, up to j letters
        prefixBest[0] = m;

        var (previous, valid) = ("", 0);
        for (var k = LowerBound(budget == 0 ? q : ""); k < sorted.Length;)
        {
            var word = sorted[k];
            if (budget == 0 && !word.StartsWith(q, StringComparison.Ordinal)) break;
            var depth = Math.Min(word.Length, maxDepth);
            var start = CommonPrefix(previous, word, Math.Min(valid, depth));
            var dead = 0;
            for (var j = start + 1; j <= depth && dead == 0; j++)
            {
                var (row, up) = (rows[j], rows[j - 1]);
                row[0] = j;
                var rowMin = j;
                for (var i = 1; i <= m; i++)
                {
                    var d = Math.Min(Math.Min(up[i] + 1, row[i - 1] + 1), up[i - 1] + (word[j - 1] == q[i - 1] ? 0 : 1));
                    if (j > 1 && i > 1 && word[j - 1] == q[i - 2] && word[j - 2] == q[i - 1]) d = Math.Min(d, rows[j - 2][i - 2] + 1);
                    row[i] = d;
                    rowMin = Math.Min(rowMin, d);
                }
                prefixBest[j] = Math.Min(prefixBest[j - 1], row[m]);
                if (rowMin > budget) dead = j; // no longer word that begins so can come back within the budget
            }
            if (dead > 0)
            {
                var end = PrefixEnd(word[..dead], k);
                if (prefix && prefixBest[dead] <= budget)
                    for (var s = k; s < end; s++) found[sortedIds[s]] = prefixBest[dead];
                (previous, valid, k) = (word, dead - 1, end);
                continue;
            }
            var typos = word.Length <= maxDepth ? rows[word.Length][m] : int.MaxValue;
            if (prefix) typos = Math.Min(typos, prefixBest[depth]);
            if (typos <= budget) found[sortedIds[k]] = typos;
            (previous, valid, k) = (word, depth, k + 1);
        }
        return found;
    }

    private int LowerBound(string text)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(sorted[mid], text) < 0) low = mid + 1; else high = mid;
        }
        return low;
    }

    /// <summary>The first word from <paramref name="from"/> on that does not begin with the prefix (the words are sorted).</summary>
    private int PrefixEnd(string prefix, int from)
    {
        var (low, high) = (from, sorted.Length);
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(sorted[mid], 0, prefix, 0, prefix.Length) <= 0) low = mid + 1; else high = mid;
        }
        return low;
    }

    private static int CommonPrefix(string a, string b, int limit)
    {
        var n = 0;
        while (n < limit && n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }
}
