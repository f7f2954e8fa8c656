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
}
