using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// A deal's company is its primary customer participant, kept in step by the database (deal_customer.sql);
/// an activity's company agrees with its deal's and its contact's, filled in when left empty (activity_company.sql).
/// As the runtime role, acting for a tenant.
/// </summary>
public sealed class DealCompanyRuleTests(CrmDatabase database) : TenantSessionTests(database)
{
    private const string Check = PostgresErrorCodes.CheckViolation;

    private TestPipeline pipeline = default!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        pipeline = await Session.AddPipelineAsync();
    }

    /// <summary>The deal's primary customer and every company on it as a customer, primary first.</summary>
    private Task<List<Guid>> CustomersAsync(Guid deal) =>
        Session.ListAsync<Guid>("select company_id from deal_participants where deal_id = @d and role = 'customer' order by is_primary desc",
            ("d", deal));

    [Fact]
    public async Task A_deal_with_a_company_gets_it_as_its_primary_customer()
    {
        var company = await Session.AddCompanyAsync();

        var deal = await Session.AddDealAsync(pipeline, companyId: company);
        var none = await Session.AddDealAsync(pipeline);

        Assert.Equal([company], await CustomersAsync(deal));
        Assert.True(await Session.ScalarAsync<bool>("select is_primary from deal_participants where deal_id = @d", ("d", deal)));
        Assert.Empty(await CustomersAsync(none));
    }

    [Fact]
    public async Task A_new_company_replaces_the_primary_customer_and_a_customer_already_on_the_deal_is_promoted()
    {
        var (first, second, third) = (await Session.AddCompanyAsync(), await Session.AddCompanyAsync(), await Session.AddCompanyAsync());
        var deal = await Session.AddDealAsync(pipeline, companyId: first);
        var thirdRow = await Session.AddParticipantAsync(deal, third);

        await Session.ExecuteAsync("update deals set company_id = @c where id = @d", ("c", second), ("d", deal));
        var moved = await CustomersAsync(deal);
        await Session.ExecuteAsync("update deals set company_id = @c where id = @d", ("c", third), ("d", deal));
        var promoted = await CustomersAsync(deal);
        var primaryRow = await Session.ScalarAsync<Guid>("select id from deal_participants where deal_id = @d and is_primary", ("d", deal));
        await Session.ExecuteAsync("update deals set company_id = null where id = @d", ("d", deal));

        Assert.Equal([second, third], moved);
        Assert.Equal([third], promoted);
        Assert.Equal(thirdRow, primaryRow);
        Assert.Empty(await CustomersAsync(deal));
    }

    [Fact]
    public async Task The_participants_alone_cannot_make_the_primary_customer_differ_from_the_deals_company()
    {
        var (company, other) = (await Session.AddCompanyAsync(), await Session.AddCompanyAsync());
        var deal = await Session.AddDealAsync(pipeline, companyId: company);
        var companyless = await Session.AddDealAsync(pipeline);
        (string, object?) d = ("deal", deal);

        await Session.RejectsAsync(Check, "ck_deals_primary_customer_is_company", "deal_participants where deal_id = @deal and is_primary",
            "update deal_participants set is_primary = false where deal_id = @deal", d);
        await Session.RejectsAsync(Check, "ck_deals_primary_customer_is_company", "deal_participants where deal_id = @deal",
            "delete from deal_participants where deal_id = @deal", d);
        await Session.RejectsAsync(Check, "ck_deals_primary_customer_is_company", "deal_participants where company_id = @other",
            """
            update deal_participants set is_primary = false where deal_id = @deal;
            insert into deal_participants (deal_id, company_id, role, is_primary) values (@deal, @other, 'customer', true)
            """, d, ("other", other));
        await Session.RejectsAsync(Check, "ck_deals_primary_customer_is_company", "deal_participants where deal_id = @deal",
            "insert into deal_participants (deal_id, company_id, role, is_primary) values (@deal, @other, 'customer', true)",
            ("deal", companyless), ("other", other));

        Assert.Equal([company], await CustomersAsync(deal));
    }

    [Fact]
    public async Task A_deal_written_with_its_customer_participant_in_one_transaction_gets_it_once()
    {
        var company = await Session.AddCompanyAsync();
        var deal = Guid.NewGuid();

        await Session.ExecuteAsync("""
            insert into deals (id, title, pipeline_id, stage_id, company_id, value, currency, probability, rank)
            values (@deal, 'Deal', @pipeline, @stage, @company, 1, 'EUR', 10, 'q');
            insert into deal_participants (deal_id, company_id, role, is_primary, commission_rate) values (@deal, @company, 'customer', true, 0.01)
            """, ("deal", deal), ("pipeline", pipeline.Id), ("stage", pipeline.FirstStageId), ("company", company));

        Assert.Equal([company], await CustomersAsync(deal));
        Assert.Equal(0.01m, await Session.ScalarAsync<decimal>("select commission_rate from deal_participants where deal_id = @d", ("d", deal)));
    }

    [Fact]
    public async Task An_activity_logged_without_a_company_takes_its_deals_else_its_contacts()
    {
        var (dealCompany, contactCompany) = (await Session.AddCompanyAsync(), await Session.AddCompanyAsync());
        var deal = await Session.AddDealAsync(pipeline, companyId: dealCompany);
        var colleague = await Session.AddContactAsync(dealCompany);
        var contact = await Session.AddContactAsync(contactCompany);

        var aboutDeal = await Session.AddActivityAsync(contactId: colleague, dealId: deal);
        var aboutContact = await Session.AddActivityAsync(contactId: contact);
        var aboutNobody = await Session.AddActivityAsync();

        Assert.Equal(dealCompany, await CompanyOfAsync(aboutDeal));
        Assert.Equal(contactCompany, await CompanyOfAsync(aboutContact));
        Assert.Equal(1L, await Session.CountAsync("activities where id = @a and company_id is null", ("a", aboutNobody)));
    }

    [Fact]
    public async Task An_activity_company_other_than_its_deals_or_its_contacts_is_refused()
    {
        var (dealCompany, contactCompany, other) = (await Session.AddCompanyAsync(), await Session.AddCompanyAsync(), await Session.AddCompanyAsync());
        var deal = await Session.AddDealAsync(pipeline, companyId: dealCompany);
        var contact = await Session.AddContactAsync(contactCompany);
        var activity = await Session.AddActivityAsync(contactId: contact);
        const string Insert = "insert into activities (type, subject, contact_id, company_id, deal_id) values ('call', 'Call', @contact, @company, @deal)";

        await Session.RejectsAsync(Check, "ck_activities_company_of_deal", "activities", Insert, ("contact", null), ("company", other), ("deal", deal));
        await Session.RejectsAsync(Check, "ck_activities_company_of_contact", "activities", Insert, ("contact", contact), ("company", other), ("deal", null));
        await Session.RejectsAsync(Check, "ck_activities_contact_in_deal_company", "activities", Insert, ("contact", contact), ("company", null), ("deal", deal));
        await Session.RejectsAsync(Check, "ck_activities_company_of_contact", "activities where company_id = @other",
            "update activities set company_id = @other where id = @a", ("other", other), ("a", activity));
    }

    [Fact]
    public async Task A_deal_that_changes_company_takes_along_the_activities_that_fit_the_new_one()
    {
        var (first, second) = (await Session.AddCompanyAsync(), await Session.AddCompanyAsync());
        var deal = await Session.AddDealAsync(pipeline, companyId: first);
        var (atFirst, atSecond) = (await Session.AddContactAsync(first), await Session.AddContactAsync(second));
        var note = await Session.AddActivityAsync(dealId: deal);
        var call = await Session.AddActivityAsync(contactId: atFirst, dealId: deal);

        await Session.ExecuteAsync("update deals set company_id = @c where id = @d", ("c", second), ("d", deal));
        var emailAfter = await Session.AddActivityAsync(contactId: atSecond, dealId: deal);

        Assert.Equal(second, await CompanyOfAsync(note));
        // Someone at the old company: where the call happened stays, and db check reports it for a person to sort out.
        Assert.Equal(first, await CompanyOfAsync(call));
        Assert.Equal(second, await CompanyOfAsync(emailAfter));
    }

    private Task<Guid> CompanyOfAsync(Guid activity) =>
        Session.ScalarAsync<Guid>("select company_id from activities where id = @a", ("a", activity));
}
