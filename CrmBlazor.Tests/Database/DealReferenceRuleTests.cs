using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Rules about what deals, participants, contacts and activities may point at within one tenant:
/// stages of the deal's own pipeline, companies holding the participant's role, live rows only, and
/// contacts of the right company.
/// </summary>
public sealed class DealReferenceRuleTests(CrmDatabase database) : TenantSessionTests(database)
{
    private const string Fk = PostgresErrorCodes.ForeignKeyViolation;
    private const string Check = PostgresErrorCodes.CheckViolation;

    private TestPipeline pipeline = default!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        pipeline = await Session.AddPipelineAsync();
    }

    private const string InsertDeal = """
        insert into deals (title, pipeline_id, stage_id, contact_id, company_id, value, currency, probability, rank)
        values ('Deal', @pipeline, @stage, @contact, @company, 1, 'EUR', 10, @rank)
        """;

    private (string, object?)[] DealValues(Guid? stage = null, Guid? contact = null, Guid? company = null) =>
        [("pipeline", pipeline.Id), ("stage", stage ?? pipeline.FirstStageId), ("contact", contact), ("company", company),
         ("rank", Guid.NewGuid().ToString("N"))];

    [Fact]
    public async Task A_deal_cannot_sit_in_a_stage_of_another_pipeline()
    {
        var other = await Session.AddPipelineAsync(isDefault: false);
        await Session.RejectsAsync(Fk, "fk_deals_pipeline_stages_tenant_id_pipeline_id_stage_id", "deals", InsertDeal,
            DealValues(stage: other.FirstStageId));

        var deal = await Session.AddDealAsync(pipeline);
        await Session.RejectsAsync(Fk, "fk_deals_pipeline_stages_tenant_id_pipeline_id_stage_id", "deals where stage_id = @stage",
            "update deals set stage_id = @stage where id = @deal", ("stage", other.FirstStageId), ("deal", deal));
    }

    [Theory]
    [InlineData("principal")]
    [InlineData("distributor")]
    public async Task A_principal_or_distributor_must_hold_that_role_at_its_company(string role)
    {
        var company = await Session.AddCompanyAsync();
        var deal = await Session.AddDealAsync(pipeline, companyId: company);
        await Session.AddCompanyRoleAsync(company, role == "principal" ? "distributor" : "principal");
        await Session.RejectsAsync(Fk, "fk_deal_participants_company_holds_role", "deal_participants",
            "insert into deal_participants (deal_id, company_id, role, is_primary) values (@deal, @company, @role, true)",
            ("deal", deal), ("company", company), ("role", role));

        await Session.AddCompanyRoleAsync(company, role);
        await Session.AddParticipantAsync(deal, company, role, isPrimary: true);
        Assert.Equal(1L, await Session.CountAsync("deal_participants where deal_id = @d and role = @r", ("d", deal), ("r", role)));
    }

    [Fact]
    public async Task A_company_role_a_participant_relies_on_cannot_be_taken_away()
    {
        var company = await Session.AddCompanyAsync();
        await Session.AddCompanyRoleAsync(company, "principal");
        await Session.AddParticipantAsync(await Session.AddDealAsync(pipeline), company, "principal");
        await Session.RejectsAsync(Fk, "fk_deal_participants_company_holds_role", "company_roles",
            "delete from company_roles where company_id = @company", ("company", company));
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("partner")]
    public async Task A_customer_or_partner_participant_needs_no_company_role(string role)
    {
        var company = await Session.AddCompanyAsync();
        var deal = await Session.AddDealAsync(pipeline, companyId: await Session.AddCompanyAsync());
        // The deal's company is its primary customer; another customer joins beside it.
        await Session.AddParticipantAsync(deal, company, role, isPrimary: role != "customer");
        Assert.Equal(0L, await Session.CountAsync("company_roles where company_id = @c", ("c", company)));
        Assert.Equal(1L, await Session.CountAsync("deal_participants where deal_id = @d and company_id = @c", ("d", deal), ("c", company)));
    }

    [Fact]
    public async Task A_deal_has_at_most_one_primary_participant_per_role()
    {
        // The deal's company is its primary customer.
        var deal = await Session.AddDealAsync(pipeline, companyId: await Session.AddCompanyAsync());
        await Session.RejectsAsync(PostgresErrorCodes.UniqueViolation, "ux_deal_participants_one_primary_per_role", "deal_participants",
            "insert into deal_participants (deal_id, company_id, role, is_primary) values (@deal, @company, 'customer', true)",
            ("deal", deal), ("company", await Session.AddCompanyAsync()));

        await Session.AddParticipantAsync(deal, await Session.AddCompanyAsync(), "customer", isPrimary: false);
        await Session.AddParticipantAsync(deal, await Session.AddCompanyAsync(), "partner", isPrimary: true);
        Assert.Equal(3L, await Session.CountAsync("deal_participants where deal_id = @d", ("d", deal)));
    }

    [Fact]
    public async Task Nothing_new_can_point_at_a_soft_deleted_company()
    {
        var company = await Session.AddCompanyAsync();
        var contact = await Session.AddContactAsync(company);
        await Session.ExecuteAsync("update companies set deleted_at = now() where id = @id", ("id", company));
        (string, object?) c = ("company", company);

        await Session.RejectsAsync(Fk, "fk_contacts_active_company_id", "contacts",
            "insert into contacts (first_name, company_id) values ('Late', @company)", c);
        await Session.RejectsAsync(Fk, "fk_deals_active_company_id", "deals", InsertDeal, DealValues(company: company));
        await Session.RejectsAsync(Fk, "fk_activities_active_company_id", "activities",
            "insert into activities (type, subject, company_id) values ('call', 'Call', @company)", c);
        await Session.RejectsAsync(Fk, "fk_deal_participants_active_company_id", "deal_participants",
            "insert into deal_participants (deal_id, company_id, role, is_primary) values (@deal, @company, 'customer', false)",
            ("deal", await Session.AddDealAsync(pipeline)), c);
        await Session.RejectsAsync(Fk, "fk_contacts_active_company_id", "contacts where company_id = @company",
            "update contacts set company_id = @company where id = @other", c, ("other", await Session.AddContactAsync()));

        // A reference that already existed stays, and the row around it can still be edited.
        Assert.Equal(1, await Session.ExecuteAsync("update contacts set job_title = 'Alumna' where id = @id", ("id", contact)));
    }

    [Fact]
    public async Task Nothing_new_can_point_at_a_soft_deleted_contact_or_deal()
    {
        var contact = await Session.AddContactAsync();
        var deal = await Session.AddDealAsync(pipeline);
        await Session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", contact));
        await Session.ExecuteAsync("update deals set deleted_at = now() where id = @id", ("id", deal));

        await Session.RejectsAsync(Fk, "fk_deals_active_contact_id", "deals", InsertDeal, DealValues(contact: contact));
        await Session.RejectsAsync(Fk, "fk_activities_active_contact_id", "activities",
            "insert into activities (type, subject, contact_id) values ('call', 'Call', @contact)", ("contact", contact));
        await Session.RejectsAsync(Fk, "fk_activities_active_deal_id", "activities",
            "insert into activities (type, subject, deal_id) values ('call', 'Call', @deal)", ("deal", deal));
    }

    [Fact]
    public async Task A_deals_contact_must_work_at_the_deals_company()
    {
        var acme = await Session.AddCompanyAsync();
        var globex = await Session.AddCompanyAsync();
        var atGlobex = await Session.AddContactAsync(globex);
        var freelancer = await Session.AddContactAsync();
        await Session.RejectsAsync(Check, "ck_deals_contact_in_company", "deals", InsertDeal, DealValues(contact: atGlobex, company: acme));
        await Session.RejectsAsync(Check, "ck_deals_contact_in_company", "deals", InsertDeal, DealValues(contact: freelancer, company: acme));

        var deal = await Session.AddDealAsync(pipeline, contactId: atGlobex, companyId: globex);
        await Session.RejectsAsync(Check, "ck_deals_contact_in_company", "deals where company_id = @acme",
            "update deals set company_id = @acme where id = @deal", ("acme", acme), ("deal", deal));
        await Session.AddDealAsync(pipeline, contactId: freelancer);
        Assert.Equal(2L, await Session.CountAsync("deals"));
    }

    [Fact]
    public async Task An_activity_about_a_deal_can_only_involve_a_contact_of_the_deals_company()
    {
        var acme = await Session.AddCompanyAsync();
        var atAcme = await Session.AddContactAsync(acme);
        var atGlobex = await Session.AddContactAsync(await Session.AddCompanyAsync());
        var deal = await Session.AddDealAsync(pipeline, companyId: acme);
        const string Insert = "insert into activities (type, subject, deal_id, contact_id) values ('meeting', 'Kick-off', @deal, @contact)";

        await Session.RejectsAsync(Check, "ck_activities_contact_in_deal_company", "activities", Insert, ("deal", deal), ("contact", atGlobex));
        var activity = await Session.AddActivityAsync(atAcme, dealId: deal);
        await Session.RejectsAsync(Check, "ck_activities_contact_in_deal_company", "activities where contact_id = @contact",
            "update activities set contact_id = @contact where id = @activity", ("contact", atGlobex), ("activity", activity));

        // A deal without a company accepts any contact of the tenant.
        await Session.AddActivityAsync(atGlobex, dealId: await Session.AddDealAsync(pipeline));
        Assert.Equal(2L, await Session.CountAsync("activities"));
    }
}
