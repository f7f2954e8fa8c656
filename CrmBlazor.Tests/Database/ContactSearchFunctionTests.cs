using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>The search functions run as the owner; they must still answer only for the session's tenant and live contacts.</summary>
public sealed class ContactSearchFunctionTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Theory]
    [InlineData("select count(*) from crm_contacts_matching('%')")]
    [InlineData("select count(*) from crm_contacts_similar_to('lovelace')")]
    public async Task Search_functions_return_only_the_sessions_tenants_live_contacts(string count)
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var a = await session.CreateTenantAsync("A");
        await session.AddContactAsync();
        var deleted = await session.AddContactAsync();
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", deleted));
        var b = await session.CreateTenantAsync("B");
        await session.AddContactAsync();
        await session.AddContactAsync();

        await session.ActAsAsync(a);
        Assert.Equal(1L, await session.ScalarAsync<long>(count));
        await session.ActAsAsync(b);
        Assert.Equal(2L, await session.ScalarAsync<long>(count));
        await session.ActAsAsync((Guid?)null);
        Assert.Equal(0L, await session.ScalarAsync<long>(count));
    }
}
