using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// The order crm_search lists its matches in (Sql/search.sql): fewer typos first, then an exact last
/// word before a prefix, then more fields matched, then the most recently active; what it says each
/// matched on; and how many it lists. As the runtime role in a tenant of the test's own. Records are
/// made in the order recency alone would put wrong, so each rule has to do the ordering itself.
/// </summary>
public sealed class SearchRankingTests(CrmDatabase database) : TenantSessionTests(database)
{
    [Fact]
    public async Task Typos_are_tried_even_when_a_word_matches_exactly_and_rank_below_it()
    {
        var smith = await Session.AddPersonAsync("Pat", "Smith");
        var smyth = await Session.AddPersonAsync("Pat", "Smyth");

        var hits = await Session.SearchAsync("smith");

        Assert.Equal([(smith, 0), (smyth, 1)], hits.Select(h => (h.RecordId, h.Typos)));
    }

    [Fact]
    public async Task Exact_ranks_before_prefix_before_one_typo_before_two()
    {
        var exact = await Session.AddPersonAsync("Pat", "Rosenthal");
        var prefix = await Session.AddPersonAsync("Pat", "Rosenthaler");
        var oneTypo = await Session.AddPersonAsync("Pat", "Rosental");
        var twoTypos = await Session.AddPersonAsync("Pat", "Rozenthol");
        await Session.AddPersonAsync("Pat", "Rozentholl");

        var hits = await Session.SearchAsync("rosenthal");

        Assert.Equal([(exact, 0, false), (prefix, 0, true), (oneTypo, 1, false), (twoTypos, 2, false)],
            hits.Select(h => (h.RecordId, h.Typos, h.Prefixed)));
    }

    [Fact]
    public async Task Among_equal_matches_more_fields_matched_rank_first()
    {
        var company = await Session.AddCompanyAsync("Rosenthal Optics");
        var twoFields = await Session.AddPersonAsync("Pat", "Rosenthal", companyId: company);
        var oneField = await Session.AddPersonAsync("Kim", "Rosenthal");

        var hits = await Session.SearchAsync("rosenthal");

        Assert.Equal([(twoFields, 2), (oneField, 1)], hits.Select(h => (h.RecordId, h.Fields)));
    }

    [Fact]
    public async Task Among_equal_matches_the_most_recently_active_ranks_first()
    {
        var first = await Session.AddPersonAsync("Ines", "Carvalho");
        var second = await Session.AddPersonAsync("Ines", "Carvalho");

        Assert.Equal([second, first], await Session.FoundAsync("carvalho"));
        var call = await Session.AddActivityAsync(first);
        Assert.Equal([first, second], await Session.FoundAsync("carvalho"));
        // Editing a field is not activity; deleting the activity takes its date back.
        await Session.ExecuteAsync("update contacts set job_title = 'Buyer' where id = @id", ("id", second));
        Assert.Equal([first, second], await Session.FoundAsync("carvalho"));
        await Session.ExecuteAsync("update activities set deleted_at = now() where id = @id", ("id", call));
        Assert.Equal([second, first], await Session.FoundAsync("carvalho"));
    }

    [Fact]
    public async Task Matched_on_names_the_field_outside_the_name_a_word_matched_only_there()
    {
        var company = await Session.AddCompanyAsync("Zephyr Labs");
        var ava = await Session.AddPersonAsync("Ava", "Dubois", "zed@avalon.example", jobTitle: "Buyer", companyId: company);

        Assert.Equal([ava], await Session.FoundAsync("zed"));
        Assert.Null(await MatchedOnAsync("ava dubois"));
        Assert.Equal("email", await MatchedOnAsync("zed"));
        Assert.Equal("email", await MatchedOnAsync("ava zed"));
        Assert.Equal("email", await MatchedOnAsync("avalon"));
        Assert.Equal("company", await MatchedOnAsync("zephyr ava"));
        Assert.Equal("title", await MatchedOnAsync("dubois buyer"));
        // "ava" matches the email too ("avalon" as a prefix), but the name is enough.
        Assert.Null(await MatchedOnAsync("ava"));
    }

    [Fact]
    public async Task A_record_matching_by_several_fields_and_terms_is_listed_once_and_max_rows_caps_the_list()
    {
        // Every Anna and Bob matches "hansen" by name and email, and "an" as a prefix by name, email or title.
        await Session.ExecuteAsync("""
            insert into contacts (first_name, last_name, email, job_title)
            select 'Anna', 'Hansen', 'anna.hansen' || i || '@hansen.example', 'Analyst' from generate_series(1, 600) i;
            insert into contacts (first_name, last_name, email, job_title)
            select 'Bob', 'Hansen', 'bob.hansen' || i || '@hansen.example', 'Analyst' from generate_series(1, 1000) i;
            """);
        var bobs = (await Session.ListAsync<Guid>("select id from contacts where first_name = 'Bob'")).ToHashSet();

        var hansen = await Session.FoundAsync("hansen", maxRows: 1001);
        var an = await Session.FoundAsync("an", maxRows: 1001);
        var all = await Session.FoundAsync("an", maxRows: 5000);

        Assert.Equal(1001, hansen.Distinct().Count());
        Assert.Equal(1001, hansen.Length);
        Assert.Equal(1001, an.Distinct().Count());
        Assert.Contains(an, bobs.Contains);
        Assert.Equal(1600, all.Length);
        Assert.Equal(1600, all.Distinct().Count());
        Assert.Equal(10, (await Session.FoundAsync("hansen", maxRows: 10)).Length);
        Assert.Empty(await Session.FoundAsync("hansen", maxRows: 0));
    }

    /// <summary>What the one record SEARCH finds matched on.</summary>
    private async Task<string?> MatchedOnAsync(string search) => Assert.Single(await Session.SearchAsync(search)).MatchedOn;
}
