using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

public sealed class DemoSeedTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task Seeding_twice_keeps_one_demo_tenant_and_its_owner()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        await app.SeedDemoAsync();
        await app.SeedDemoAsync();

        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select (select count(*) from tenants where slug = 'acme-demo'),
                   (select count(*) from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
                     where u.normalized_email = 'DEMO@CRM.LOCAL' and r.name = 'Owner')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.Equal(1L, reader.GetInt64(1));
    }
}
