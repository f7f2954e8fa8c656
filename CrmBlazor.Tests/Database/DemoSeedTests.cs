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
}
