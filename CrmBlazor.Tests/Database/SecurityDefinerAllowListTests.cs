using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// A SECURITY DEFINER function runs as the schema owner, which reads every tenant's rows
/// (owner_reads_all): each one is a hole in row-level security unless it is narrow on purpose. So each
/// is listed here with the reason it needs those rights, and each pins its search_path, so that no
/// object a caller can create (a temporary table or function) stands in for the one it means.
/// </summary>
public sealed class SecurityDefinerAllowListTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private static readonly string[] AllowList =
    [
        // Sign-in finds a user by exact email before any tenant is set, when RLS hides every user.
        "crm_find_user_for_sign_in(text)",
        // Searches through trigram and name indexes that RLS would keep crm_app from using; returns only its tenant's ids.
        "crm_contacts_search(text,integer,uuid,uuid,uuid)",
        // Trigger on contacts: keeps contact_tallies, which crm_app may only read.
        "crm_tally_contacts()",
        // Trigger on contacts: adds to contact_name_terms, which crm_app may only read.
        "crm_add_contact_name_terms()",
        // Rebuilds both of those tables after a bulk load. Only the owner may EXECUTE it, so definer rights add nothing yet.
        "crm_recount_contacts(uuid)",
        // Commit-time check: must see the tenant's users even after the session switched or cleared its tenant.
        "crm_assert_tenant_keeps_an_owner()",
        // Commit-time check: the same, for the tenant's pipelines.
        "crm_assert_tenant_has_default_pipeline()",
    ];

    private async Task<List<(string Function, string[] Settings)>> SecurityDefinerFunctionsAsync()
    {
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString);
        await using var command = new Npgsql.NpgsqlCommand("""
            select p.oid::regprocedure::text, coalesce(p.proconfig, '{}')
            from pg_proc p
            where p.pronamespace = 'public'::regnamespace and p.prosecdef
            """, session.Connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var functions = new List<(string, string[])>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            functions.Add((reader.GetString(0), reader.GetFieldValue<string[]>(1)));
        return functions;
    }

    [Fact]
    public async Task Every_security_definer_function_is_on_the_allow_list_and_every_entry_exists()
    {
        var functions = await SecurityDefinerFunctionsAsync();

        Assert.Equal(AllowList.Order(), functions.Select(f => f.Function).Order());
    }

    [Fact]
    public async Task Every_security_definer_function_pins_a_search_path_that_ends_with_pg_temp()
    {
        var functions = await SecurityDefinerFunctionsAsync();

        Assert.NotEmpty(functions);
        Assert.All(functions, f =>
        {
            var searchPath = Assert.Single(f.Settings, s => s.StartsWith("search_path=", StringComparison.Ordinal));
            // Unless named (last), pg_temp is searched first for tables, and any session may create temporary tables.
            Assert.True(searchPath.Replace(" ", "").EndsWith(",pg_temp", StringComparison.Ordinal), $"{f.Function}: {searchPath}");
        });
    }
}
