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
        // A mailed link (confirm, reset, invitation) names a user by id before any tenant is set; returns only the tenant's id.
        "crm_find_user_tenant(uuid)",
        // "Resend the confirmation" finds the unconfirmed sign-ups of an exact email (at most 3), ids only.
        "crm_find_pending_registrations(text)",
        // Searches the documents crm_app may not read; answers only for the session's tenant, and only with ids and why they matched.
        "crm_search(text,text,integer,uuid,uuid,uuid)",
        // Rewrites search documents, terms and variants, which crm_app may not touch. Only the owner may EXECUTE it (the triggers below run as the owner).
        "crm_search_refresh(text,uuid[],uuid[])",
        // Rebuilds a tenant's search tables after a bulk load. Only the owner may EXECUTE it, so definer rights add nothing yet.
        "crm_rebuild_search(uuid)",
        // Trigger on contacts: refreshes their search documents, which crm_app may not touch.
        "crm_search_contacts_changed()",
        // Trigger on companies: the same for companies, and for their contacts' and deals' documents, which carry the company's name.
        "crm_search_companies_changed()",
        // Trigger on deals: refreshes their search documents, which crm_app may not touch.
        "crm_search_deals_changed()",
        // Trigger on activities: marks a logged activity's contact, company and deal recently active in their documents.
        "crm_search_activity_changed()",
        // Trigger on contacts: keeps contact_tallies, which crm_app may only read.
        "crm_tally_contacts()",
        // Rebuilds contact_tallies after a bulk load. Only the owner may EXECUTE it, so definer rights add nothing yet.
        "crm_recount_contacts(uuid)",
        // Commit-time check: must see the tenant's users even after the session switched or cleared its tenant.
        "crm_assert_tenant_keeps_an_owner()",
        // Commit-time check: the same, for the tenant's pipelines.
        "crm_assert_tenant_has_default_pipeline()",
        // Commit-time check: the same, for the user's role.
        "crm_assert_user_has_a_role()",
        // Constraint trigger at commit on deal_participants: reads the deal and its participants whatever tenant the session acts for by then.
        "crm_assert_primary_customer_is_deal_company()",
        // Import runners claim the next queued job of any tenant before they know which: writes only the claim (claimed_by,
        // claimed_at, lease_until, claims) acting for the job's tenant, and returns only its ids, acting user, role and claim
        // count; the runner then acts as that tenant under row-level security.
        "crm_next_import_job(text,interval)",
        // The runner writes the search documents of a completed job's records after its commit (crm_app may not write
        // search tables): only the job's own rows, read under the session's tenant.
        "crm_search_index_import(uuid,integer,integer)",
        // The audit log's filters: its name's trigram index is usable only without crm_app's row-level security.
        // Answers only for the session's tenant, and only with ids and how many match.
        "crm_audit_search(uuid,text,text,text,timestamp with time zone,timestamp with time zone,text,integer,integer,integer)",
        // The trash's "Delete forever": crm_app may not DELETE contacts, companies, deals or activities (soft_delete.sql).
        // Only for an active Owner of the session's tenant, only that tenant's rows already in the trash; audited.
        "crm_delete_forever(uuid[],uuid[],uuid[],uuid[])",
        // A sign-in with an email no user has: files one login.failed row in the audit log's no-tenant bucket, which
        // crm_app (acting for a tenant or none) may not write; it writes nothing else and reads nothing.
        "crm_record_sign_in_failure(text)",
        // A request refused by a rate limit before any user is known: one rate_limit.hit row in the same no-tenant
        // bucket, the same way; it writes nothing else and reads nothing.
        "crm_record_rate_limit_hit(text)",
        // A passkey sign-in knows only the credential the browser chose, before any tenant is set, when RLS hides every
        // passkey: one exact credential id in, at most one (user, tenant) pair out; the signature is checked afterwards as that tenant.
        "crm_find_user_for_passkey(bytea)",
        // An API request names no tenant, only its key, and RLS hides every key until a tenant is set: the hash of
        // one presented key in, at most that key's row and its creator's role and standing out (api_keys.sql).
        "crm_find_api_key(text)",
        // Webhook dispatchers find which tenants have deliveries due before they know any tenant: returns only tenant ids;
        // the dispatcher then claims (FOR UPDATE SKIP LOCKED) and delivers as each tenant under row-level security.
        "crm_webhook_due_tenants(integer)",
        // Blazor's persisted circuits (cache_entries, no tenant): crm_app may not read or list the table; these reach one
        // entry by the hash of a key only the circuit's browser holds, and purge expired ones.
        "crm_cache_touch(bytea)",
        "crm_cache_set(bytea,bytea,timestamp with time zone,integer,timestamp with time zone)",
        "crm_cache_remove(bytea)",
        "crm_cache_purge_expired(integer)",
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
