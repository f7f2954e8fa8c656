using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Same-tenant foreign keys are composite, (tenant_id, x_id) → parent (tenant_id, id), so a row of
/// tenant A can never point at a row of tenant B, even when A learns B's ids.
/// </summary>
public sealed class CrossTenantReferenceTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private const string Fk = PostgresErrorCodes.ForeignKeyViolation;

    private DbSession session = default!;
    private TestTenant b = default!;
    private Rows mine = default!;
    private Rows theirs = default!;

    /// <summary>One of each referenced row, in one tenant.</summary>
    private sealed record Rows(Guid Owner, Guid Company, Guid Contact, Guid Tag, TestPipeline Pipeline, Guid Deal);

    public async ValueTask InitializeAsync()
    {
        session = await DbSession.OpenAsync(database.AppConnectionString);
        b = await session.CreateTenantAsync("Tenant B");
        theirs = await AddRowsAsync(b);
        mine = await AddRowsAsync(await session.CreateTenantAsync("Tenant A"));
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();

    private async Task<Rows> AddRowsAsync(TestTenant tenant)
    {
        var company = await session.AddCompanyAsync();
        var contact = await session.AddContactAsync(company);
        var pipeline = await session.AddPipelineAsync();
        return new Rows(tenant.OwnerId, company, contact, await session.AddTagAsync(), pipeline,
            await session.AddDealAsync(pipeline, contactId: contact, companyId: company));
    }

    [Fact]
    public async Task A_contact_cannot_point_at_another_tenants_company()
    {
        await session.RejectsAsync(Fk, "fk_contacts_companies_tenant_id_company_id", "contacts",
            "insert into contacts (first_name, company_id) values ('Eve', @company)", ("company", theirs.Company));
        await session.RejectsAsync(Fk, "fk_contacts_companies_tenant_id_company_id", "contacts where company_id = @company",
            "update contacts set company_id = @company where id = @contact", ("company", theirs.Company), ("contact", mine.Contact));
    }

    [Fact]
    public async Task A_deal_cannot_sit_in_another_tenants_stage()
    {
        const string Insert = """
            insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
            values ('Deal', @pipeline, @stage, 1, 'EUR', 10, 'x')
            """;
        await session.RejectsAsync(Fk, "fk_deals_pipeline_stages_tenant_id_pipeline_id_stage_id", "deals", Insert,
            ("pipeline", mine.Pipeline.Id), ("stage", theirs.Pipeline.FirstStageId));
        await session.RejectsAsync(Fk, null, "deals", Insert, ("pipeline", theirs.Pipeline.Id), ("stage", theirs.Pipeline.FirstStageId));
    }

    [Fact]
    public async Task A_deal_cannot_point_at_another_tenants_contact_or_company()
    {
        await session.RejectsAsync(Fk, "fk_deals_contacts_tenant_id_contact_id", "deals where contact_id = @contact",
            "update deals set contact_id = @contact, company_id = null where id = @deal", ("contact", theirs.Contact), ("deal", mine.Deal));
        await session.RejectsAsync(Fk, "fk_deals_companies_tenant_id_company_id", "deals where company_id = @company",
            "update deals set company_id = @company, contact_id = null where id = @deal", ("company", theirs.Company), ("deal", mine.Deal));
    }

    [Fact]
    public async Task An_activity_cannot_point_at_another_tenants_contact_company_or_deal()
    {
        const string Insert = "insert into activities (type, subject, contact_id, company_id, deal_id) values ('call', 'Call', @contact, @company, @deal)";
        await session.RejectsAsync(Fk, "fk_activities_contacts_tenant_id_contact_id", "activities", Insert,
            ("contact", theirs.Contact), ("company", null), ("deal", null));
        await session.RejectsAsync(Fk, "fk_activities_companies_tenant_id_company_id", "activities", Insert,
            ("contact", null), ("company", theirs.Company), ("deal", null));
        await session.RejectsAsync(Fk, "fk_activities_deals_tenant_id_deal_id", "activities", Insert,
            ("contact", null), ("company", null), ("deal", theirs.Deal));
    }

    [Fact]
    public async Task Nothing_can_be_tagged_with_another_tenants_tag()
    {
        await TaggingRejectsAsync("contact", mine.Contact, theirs.Tag, "fk_contact_tags_tags_tenant_id_tag_id");
        await TaggingRejectsAsync("company", mine.Company, theirs.Tag, "fk_company_tags_tags_tenant_id_tag_id");
        await TaggingRejectsAsync("deal", mine.Deal, theirs.Tag, "fk_deal_tags_tags_tenant_id_tag_id");
    }

    [Fact]
    public async Task Another_tenants_rows_cannot_be_tagged()
    {
        var tag = await session.AddTagAsync();
        await TaggingRejectsAsync("contact", theirs.Contact, tag, "fk_contact_tags_contacts_tenant_id_contact_id");
        await TaggingRejectsAsync("deal", theirs.Deal, tag, "fk_deal_tags_deals_tenant_id_deal_id");
    }

    /// <summary>Tagging <paramref name="row"/>, a contact, company or deal as <paramref name="taggable"/> says, with <paramref name="tag"/> is refused by <paramref name="constraint"/>.</summary>
    private Task TaggingRejectsAsync(string taggable, Guid row, Guid tag, string constraint) =>
        session.RejectsAsync(Fk, constraint, $"{taggable}_tags",
            $"insert into {taggable}_tags ({taggable}_id, tag_id) values (@row, @tag)", ("row", row), ("tag", tag));

    [Fact]
    public async Task A_deal_participant_cannot_be_another_tenants_company()
    {
        const string Insert = "insert into deal_participants (deal_id, company_id, role, is_primary) values (@deal, @company, 'customer', false)";
        await session.RejectsAsync(Fk, "fk_deal_participants_companies_tenant_id_company_id", "deal_participants", Insert,
            ("deal", mine.Deal), ("company", theirs.Company));
        await session.RejectsAsync(Fk, "fk_deal_participants_deals_tenant_id_deal_id", "deal_participants", Insert,
            ("deal", theirs.Deal), ("company", mine.Company));
    }

    [Fact]
    public async Task No_row_can_be_owned_by_another_tenants_user()
    {
        await OwnerChangeRejectsAsync("companies", mine.Company, "fk_companies_asp_net_users_tenant_id_owner_id");
        await OwnerChangeRejectsAsync("contacts", mine.Contact, "fk_contacts_asp_net_users_tenant_id_owner_id");
        await OwnerChangeRejectsAsync("deals", mine.Deal, "fk_deals_asp_net_users_tenant_id_owner_id");
        await session.RejectsAsync(Fk, "fk_activities_asp_net_users_tenant_id_owner_id", "activities",
            "insert into activities (type, subject, owner_id) values ('task', 'Task', @owner)", ("owner", theirs.Owner));
    }

    /// <summary>Making the other tenant's Owner the owner of <paramref name="row"/> in <paramref name="table"/> is refused by <paramref name="constraint"/>.</summary>
    private Task OwnerChangeRejectsAsync(string table, Guid row, string constraint) =>
        session.RejectsAsync(Fk, constraint, $"{table} where owner_id = @owner",
            $"update {table} set owner_id = @owner where id = @row", ("owner", theirs.Owner), ("row", row));

    [Fact]
    public async Task Another_tenants_user_cannot_be_given_a_role_here()
    {
        // Every user holds a role from their first commit, so ux_user_roles_user_id refuses a second one before
        // fk_user_roles_users_tenant_id_user_id is asked; that key guards the first, which only their tenant's
        // transaction, invisible here until it commits, can add.
        await session.RejectsAsync(PostgresErrorCodes.UniqueViolation, "ux_user_roles_user_id", "user_roles",
            "insert into user_roles (user_id, role_id) select @user, id from roles where name = 'Admin'", ("user", theirs.Owner));
    }

    [Fact]
    public async Task Claiming_the_other_tenants_id_to_match_its_rows_is_refused_by_row_level_security()
    {
        await session.RejectsAsync(PostgresErrorCodes.InsufficientPrivilege, null, "contacts",
            "insert into contacts (tenant_id, first_name, company_id) values (@tenant, 'Eve', @company)",
            ("tenant", b.Id), ("company", theirs.Company));
    }
}
