using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// The matching rules of crm_search (Sql/search.sql, its header states them), one test a rule, as the
/// runtime role acting in a tenant of the test's own: which records a query finds and which it does not.
/// How the found records are ordered is <see cref="SearchRankingTests"/>; what the triggers keep,
/// <see cref="SearchUpkeepTests"/>.
/// </summary>
public sealed class SearchRuleTests(CrmDatabase database) : TenantSessionTests(database)
{
    [Theory]
    [InlineData("muller", "Hans", "Müller")]
    [InlineData("lukasz", "Łukasz", "Kowalski")]
    [InlineData("nguyen", "Minh", "Nguyễn")]
    [InlineData("MÜLLER", "Hans", "Muller")]
    [InlineData("Hans MULLER", "hans", "müller")]
    [InlineData("jose zoe", "José", "Zoë")] // under 5 letters: no typo would stand in for the accent
    public async Task Case_and_accents_are_ignored(string search, string firstName, string lastName)
    {
        var person = await Session.AddPersonAsync(firstName, lastName);
        await Session.AddPersonAsync("Otto", "Weber");

        // An exact match: one accent is also one typo, which must not be what finds it.
        var hit = Assert.Single(await Session.SearchAsync(search));
        Assert.Equal((person, 0), (hit.RecordId, hit.Typos));
    }

    [Fact]
    public async Task Every_word_must_match_some_field_in_any_order()
    {
        var ava = await Session.AddPersonAsync("Ava", "Dubois");
        await Session.AddPersonAsync("John", "Smith");

        Assert.Equal([ava], await Session.FoundAsync("dubois ava"));
        Assert.Equal([ava], await Session.FoundAsync("ava dubois"));
        Assert.Empty(await Session.FoundAsync("ava smith"));
    }

    [Theory]
    [InlineData("ottoline", null)]
    [InlineData("fairweather", null)]
    [InlineData("ofw", "email")]
    [InlineData("quillon", "email")]
    [InlineData("brackenridge", "company")]
    [InlineData("cartographer", "title")]
    [InlineData("79460958", "phone")]
    public async Task Each_field_is_searched_by_its_words(string search, string? matchedOn)
    {
        var company = await Session.AddCompanyAsync("Brackenridge Ltd");
        var person = await Session.AddPersonAsync("Ottoline", "Fairweather", "ofw@quillon.example", "+44 20 7946 0958", "Cartographer", company);
        await Session.AddPersonAsync("Someone", "Else", "someone@else.example", "+44 20 7000 0000", "Clerk");

        var hit = Assert.Single(await Session.SearchAsync(search));
        Assert.Equal((person, matchedOn), (hit.RecordId, hit.MatchedOn));
    }

    [Fact]
    public async Task The_last_word_also_matches_as_the_start_of_a_word_from_its_first_character()
    {
        var ava = await Session.AddPersonAsync("Ava", "Dubois");
        await Session.AddPersonAsync("Ava", "Martin");

        foreach (var search in new[] { "ava d", "ava dub", "ava dubo" })
        {
            var hit = Assert.Single(await Session.SearchAsync(search));
            Assert.Equal((ava, true), (hit.RecordId, hit.Prefixed));
        }
        // The start of the word, not any part of it.
        Assert.Empty(await Session.FoundAsync("ava bois"));
        Assert.Empty(await Session.FoundAsync("ava ubo"));
    }

    [Fact]
    public async Task Only_the_last_word_matches_as_a_prefix()
    {
        await Session.AddPersonAsync("Ava", "Dubois");

        Assert.Empty(await Session.FoundAsync("dub ava"));
        Assert.Empty(await Session.FoundAsync("d ava"));
        Assert.Single(await Session.FoundAsync("dubois ava"));
    }

    [Theory]
    [InlineData("smtih", "Smith")] // two neighbours swapped
    [InlineData("jonson", "Johnson")] // a letter left out
    [InlineData("lovlace", "Lovelace")]
    [InlineData("dubios", "Dubois")]
    [InlineData("garica", "Garcia")]
    [InlineData("smiith", "Smith")] // a letter added
    [InlineData("garcua", "Garcia")] // a letter replaced
    public async Task A_word_of_5_to_8_characters_may_have_one_typo(string search, string lastName)
    {
        var person = await Session.AddPersonAsync("Pat", lastName);

        var hit = Assert.Single(await Session.SearchAsync(search));
        Assert.Equal((person, 1), (hit.RecordId, hit.Typos));
    }

    [Theory]
    [InlineData("lovlacce", "Lovelace")] // a letter left out and one added
    [InlineData("smtiih", "Smith")] // a swap and a letter added
    public async Task A_word_of_5_to_8_characters_may_not_have_two_typos(string search, string lastName)
    {
        await Session.AddPersonAsync("Pat", lastName);

        Assert.Empty(await Session.FoundAsync(search));
    }

    [Theory]
    [InlineData("johansenn", "Johannsen", 2)] // a letter left out and one added
    [InlineData("ambroswod", "Ambrosewood", 2)] // two left out
    [InlineData("jhoansnen", "Johannsen", 2)] // two swaps
    [InlineData("johannsenn", "Johannsen", 1)]
    public async Task A_word_of_9_or_more_characters_may_have_two_typos(string search, string lastName, int typos)
    {
        var person = await Session.AddPersonAsync("Pat", lastName);

        var hit = Assert.Single(await Session.SearchAsync(search));
        Assert.Equal((person, typos), (hit.RecordId, hit.Typos));
    }

    [Fact]
    public async Task A_word_of_9_or_more_characters_may_not_have_three_typos()
    {
        await Session.AddPersonAsync("Pat", "Johannsen");

        Assert.Empty(await Session.FoundAsync("jhoansenn")); // a swap, a letter left out and one added
    }

    [Theory]
    [InlineData("smih", "Smith")]
    [InlineData("jone", "Jane")]
    [InlineData("ava", "Eva")]
    public async Task A_word_under_5_characters_has_no_typos(string search, string lastName)
    {
        await Session.AddPersonAsync("Pat", lastName);

        Assert.Empty(await Session.FoundAsync(search));
    }

    [Fact]
    public async Task Two_neighbouring_letters_swapped_are_one_typo()
    {
        var smith = await Session.AddPersonAsync("Pat", "Smith");
        var johannsen = await Session.AddPersonAsync("Pat", "Johannsen");

        // Levenshtein counts a swap as two edits: beyond a 5-letter word's one typo, and two swaps
        // beyond a 9-letter word's two, unless a swap is one typo.
        Assert.Equal([(smith, 1)], (await Session.SearchAsync("smtih")).Select(h => (h.RecordId, h.Typos)));
        Assert.Equal([(johannsen, 2)], (await Session.SearchAsync("jhoansnen")).Select(h => (h.RecordId, h.Typos)));
    }

    [Fact]
    public async Task Numbers_have_no_typos()
    {
        var pipeline = await Session.AddPipelineAsync();
        var order = await Session.AddDealTitledAsync(pipeline, "Order 123456");
        await Session.AddPersonAsync("Ava", "Dubois", phone: "+1 555 0144");

        Assert.Equal([order], await Session.FoundAsync("123456", "deal"));
        Assert.Empty(await Session.FoundAsync("123457", "deal"));
        Assert.Empty(await Session.FoundAsync("124356", "deal"));
        Assert.Empty(await Session.FoundAsync("5550145"));
        Assert.Empty(await Session.FoundAsync("5550414"));
    }

    [Theory]
    [InlineData("5550144")]
    [InlineData("555 0144")]
    [InlineData("+1 (555) 0144")]
    [InlineData("1-555-0144")]
    [InlineData("0144")]
    public async Task A_phone_number_is_found_by_its_digits_however_they_are_typed(string search)
    {
        var ava = await Session.AddPersonAsync("Ava", "Dubois", phone: "+1 555 0144");
        await Session.AddPersonAsync("Bob", "Martin", phone: "+1 555 0199");

        var hit = Assert.Single(await Session.SearchAsync(search));
        Assert.Equal((ava, "phone"), (hit.RecordId, hit.MatchedOn));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    [InlineData("%_\\")]
    public async Task Percent_underscore_and_backslash_are_characters_not_wildcards(string search)
    {
        var pipeline = await Session.AddPipelineAsync();
        await Session.AddDealTitledAsync(pipeline, "Quarterly renewal");
        await Session.AddDealTitledAsync(pipeline, "Alpha_beta \\ rollout");
        await Session.AddPersonAsync("Ava", "Dubois");
        await Session.AddPersonAsync("Bob", "Martin");

        Assert.Empty(await Session.FoundAsync(search));
        Assert.Empty(await Session.FoundAsync(search, "deal"));
    }

    [Fact]
    public async Task A_word_typed_with_a_percent_sign_is_found_by_its_letters_and_digits()
    {
        var pipeline = await Session.AddPipelineAsync();
        var renewal = await Session.AddDealTitledAsync(pipeline, "100% renewal");
        await Session.AddDealTitledAsync(pipeline, "Quarterly renewal");
        await Session.AddDealTitledAsync(pipeline, "Renewal 2100");

        Assert.Equal([renewal], await Session.FoundAsync("100%", "deal"));
        Assert.Equal([renewal], await Session.FoundAsync("100% renewal", "deal"));
    }

    [Fact]
    public async Task Only_the_first_200_characters_of_a_query_are_read()
    {
        var ava = await Session.AddPersonAsync("Ava", "Dubois");

        // Cut at 200, "Dubois" is the prefix "dubo"; a word past 200 is not read at all.
        var cut = Assert.Single(await Session.SearchAsync(new string(' ', 196) + "Dubois"));
        Assert.Equal((ava, true), (cut.RecordId, cut.Prefixed));
        Assert.Equal([ava], await Session.FoundAsync("ava" + new string(' ', 197) + "nobody"));
        Assert.Empty(await Session.FoundAsync(new string(' ', 200) + "Dubois"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" \t\n ")]
    [InlineData(null)]
    public async Task An_empty_or_blank_query_finds_nothing(string? search)
    {
        await Session.AddPersonAsync("Ava", "Dubois");
        await Session.AddCompanyAsync("Dubois Freight");

        Assert.Empty(await Session.FoundAsync(search));
        Assert.Empty(await Session.FoundAsync(search, "company"));
    }

    [Fact]
    public async Task Owner_company_and_tag_filters_narrow_contacts_and_are_ignored_for_other_kinds()
    {
        var company = await Session.AddCompanyAsync("Lovelace Engines");
        var atCompany = await Session.AddPersonAsync("Ada", "Lovelace", companyId: company);
        var owned = await Session.ScalarAsync<Guid>("update contacts set owner_id = @owner where id = @id returning id",
            ("owner", Tenant.OwnerId), ("id", await Session.AddPersonAsync("Ada", "Lovelace")));
        var tagged = await Session.AddPersonAsync("Ada", "Lovelace");
        var tag = await Session.AddTagAsync();
        await Session.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@contact, @tag)", ("contact", tagged), ("tag", tag));

        Assert.Equal(3, (await Session.SearchAsync("lovelace")).Count);
        Assert.Equal([owned], (await Session.SearchAsync("lovelace", ownerId: Tenant.OwnerId)).Select(h => h.RecordId));
        Assert.Equal([atCompany], (await Session.SearchAsync("lovelace", companyId: company)).Select(h => h.RecordId));
        Assert.Equal([tagged], (await Session.SearchAsync("lovelace", tagId: tag)).Select(h => h.RecordId));
        Assert.Equal([company], (await Session.SearchAsync("lovelace", "company", ownerId: Tenant.OwnerId, tagId: tag)).Select(h => h.RecordId));
    }

    [Fact]
    public async Task Only_the_sessions_tenants_records_are_found()
    {
        var mine = await Session.AddPersonAsync("Ava", "Dubois");
        await Session.CreateTenantAsync("Other");
        var theirs = await Session.AddPersonAsync("Ava", "Dubois");
        await Session.AddCompanyAsync("Dubois Freight");

        Assert.Equal([theirs], await Session.FoundAsync("ava dubois"));
        await Session.ActAsAsync(Tenant);
        Assert.Equal([mine], await Session.FoundAsync("ava dubois"));
        Assert.Empty(await Session.FoundAsync("dubois", "company"));
        await Session.ActAsAsync(null);
        Assert.Empty(await Session.FoundAsync("ava dubois"));
        await Session.ActAsAsync(Guid.NewGuid());
        Assert.Empty(await Session.FoundAsync("ava dubois"));
    }
}
