using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

public sealed class DemoSeedTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task Seeding_twice_keeps_one_demo_tenant_and_its_owner()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        await app.SeedDemoAsync();
        await app.SeedDemoAsync();

        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var tenantId = await session.ScalarAsync<Guid>("select tenant_id from crm_find_user_for_sign_in('DEMO@CRM.LOCAL')");
        await session.ActAsAsync(tenantId);
        Assert.Equal(1L, await session.ScalarAsync<long>("select count(*) from tenants where slug = 'acme-demo'"));
        Assert.Equal(1L, await session.ScalarAsync<long>("""
            select count(*) from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
            where u.normalized_email = 'DEMO@CRM.LOCAL' and r.name = 'Owner'
            """));
    }

    [Fact]
    public async Task The_demo_tenant_looks_like_a_living_crm()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        await app.SeedDemoAsync();

        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        await session.ActAsAsync(await session.ScalarAsync<Guid>("select tenant_id from crm_find_user_for_sign_in('DEMO@CRM.LOCAL')"));
        Assert.Equal(4L, await session.ScalarAsync<long>("select count(distinct r.name) from user_roles ur join roles r on r.id = ur.role_id"));
        Assert.Equal(5L, await session.ScalarAsync<long>("select count(*) from users"));
        Assert.Equal(12L, await session.ScalarAsync<long>("select count(*) from companies where exists (select 1 from company_roles r where r.company_id = companies.id)"));
        Assert.Equal(60L, await session.ScalarAsync<long>("select count(*) from contacts"));
        Assert.True(await session.ScalarAsync<long>("select count(distinct contact_id) from contact_tags") > 20);
        Assert.Equal(30L, await session.ScalarAsync<long>("select count(*) from deals"));
        Assert.Equal(6L, await session.ScalarAsync<long>("select count(distinct stage_id) from deals"));
        Assert.Equal(2L, await session.ScalarAsync<long>("select count(distinct currency) from deals"));
        Assert.Equal(80L, await session.ScalarAsync<long>("select count(*) from activities"));
        Assert.True(await session.ScalarAsync<long>("select count(*) from activities where type = 'task' and completed_at is null and due_at < now()") > 0);
        Assert.True(await session.ScalarAsync<long>("select count(*) from activities where type = 'task' and completed_at is null and due_at > now()") > 0);
    }

    [Fact]
    public async Task The_demo_holds_the_standard_tags_contacts_with_several_tags_and_contacts_on_deals()
    {
        await using var session = await SeededSessionAsync();

        Assert.Equal(["Customer", "Inactive", "Lead", "Partner", "VIP"], await session.ScalarAsync<string[]>(
            "select array_agg(name order by name) from tags where name in ('Customer', 'Lead', 'Partner', 'Inactive', 'VIP')"));
        // Each standard tag is in use, not only defined.
        Assert.Equal(0L, await session.ScalarAsync<long>("""
            select count(*) from tags t where t.name in ('Customer', 'Lead', 'Partner', 'Inactive', 'VIP')
              and not exists (select 1 from contact_tags ct where ct.tag_id = t.id)
            """));
        Assert.True(await session.ScalarAsync<long>(
            "select count(*) from (select contact_id from contact_tags group by contact_id having count(*) >= 2) several") >= 15);
        Assert.True(await session.ScalarAsync<long>(
            "select count(*) from (select contact_id from contact_tags group by contact_id having count(*) >= 3) many") >= 3);
        Assert.True(await session.ScalarAsync<long>("select count(distinct contact_id) from deals where deleted_at is null") >= 15);
        Assert.Equal(0L, await session.ScalarAsync<long>("select count(*) from deals where contact_id is null"));
    }

    [Fact]
    public async Task The_demo_mixes_complete_profiles_with_minimal_ones()
    {
        await using var session = await SeededSessionAsync();

        Assert.Equal(40L, await session.ScalarAsync<long>("""
            select count(*) from contacts where company_id is not null and email is not null and phone is not null and job_title is not null
            """));
        // A third of the contacts are known by name only.
        Assert.Equal(20L, await session.ScalarAsync<long>("""
            select count(*) from contacts c where first_name is not null and last_name is not null
              and company_id is null and email is null and phone is null and job_title is null and notes is null
              and not exists (select 1 from contact_tags ct where ct.contact_id = c.id)
            """));
        Assert.Equal(["Harbor Bakery", "Kestrel Dental Care", "Quayside Print Shop"], await session.ScalarAsync<string[]>("""
            select array_agg(name order by name) from companies c where domain is null and website is null and industry is null and phone is null
              and city is null and country is null and owner_id is null
              and not exists (select 1 from company_roles r where r.company_id = c.id)
            """));
        Assert.Equal(0L, await session.ScalarAsync<long>("""
            select count(*) from companies c where domain is not null and (industry is null or city is null or owner_id is null
              or not exists (select 1 from company_roles r where r.company_id = c.id))
            """));
    }

    private async Task<DbSession> SeededSessionAsync()
    {
        await using (var app = new CrmAppFactory(database.AppConnectionString))
            await app.SeedDemoAsync();
        var session = await DbSession.OpenAsync(database.AppConnectionString);
        await session.ActAsAsync(await session.ScalarAsync<Guid>("select tenant_id from crm_find_user_for_sign_in('DEMO@CRM.LOCAL')"));
        return session;
    }
}
