using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>The search function runs as the owner; it must still answer only for the session's tenant and live contacts.</summary>
public sealed class ContactSearchFunctionTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Theory]
    [InlineData("lovelace")]
    [InlineData("lovelase")]
    [InlineData("ada lovelace")]
    public async Task Search_returns_only_the_sessions_tenants_live_contacts(string search)
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var a = await session.CreateTenantAsync("A");
        await session.AddContactAsync();
        var deleted = await session.AddContactAsync();
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", deleted));
        var b = await session.CreateTenantAsync("B");
        await session.AddContactAsync();
        await session.AddContactAsync();
        var count = "select count(*) from crm_contacts_search(@s, 100, null, null, null)";

        await session.ActAsAsync(a);
        Assert.Equal(1L, await session.ScalarAsync<long>(count, ("s", search)));
        await session.ActAsAsync(b);
        Assert.Equal(2L, await session.ScalarAsync<long>(count, ("s", search)));
        await session.ActAsAsync((Guid?)null);
        Assert.Equal(0L, await session.ScalarAsync<long>(count, ("s", search)));
    }

    [Fact]
    public async Task Filters_narrow_the_search_and_company_names_match_too()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var tenant = await session.CreateTenantAsync();
        var company = await session.AddCompanyAsync("Lovelace Engines");
        var atCompany = await session.AddContactAsync(companyId: company, email: "grace@engines.example");
        await session.ExecuteAsync("update contacts set first_name = 'Grace', last_name = 'Hopper' where id = @id", ("id", atCompany));
        var owned = await session.AddContactAsync(ownerId: tenant.OwnerId);
        await session.AddContactAsync();
        var search = "select array_agg(id order by position) from crm_contacts_search('lovelace', 100, @owner, @company, null) with ordinality as m(id, position)";

        var all = await session.ScalarAsync<Guid[]>(search, ("owner", null), ("company", null));
        var byOwner = await session.ScalarAsync<Guid[]>(search, ("owner", tenant.OwnerId), ("company", null));
        var byCompany = await session.ScalarAsync<Guid[]>(search, ("owner", null), ("company", company));

        Assert.Equal(3, all.Length);
        Assert.Equal(atCompany, all[^1]); // name matches first, then people at a matching company
        Assert.Equal([owned], byOwner);
        Assert.Equal([atCompany], byCompany);
    }
}
