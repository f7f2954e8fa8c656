using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Audit;

/// <summary>
/// The audit log's search on 200,000 generated entries over two tenants: each filter is served by its
/// index (the plans of the statements crm_audit_search runs), and the function answers what a
/// hand-written query under row-level security answers, for the session's tenant only.
/// </summary>
public sealed class AuditSearchIndexTests(CrmDatabase database) : TenantSessionTests(database)
{
    private const int Rows = 200_000;
    // Entries need no tenants row (audit_logs has no key to it): two made-up tenants, the first one's the session's.
    private static readonly Guid Searched = Uuid("tenant a");
    private static readonly Guid OtherTenant = Uuid("tenant b");
    // Both act in the first tenant (even rows).
    private static readonly Guid SomeUser = Uuid("u8");

    /// <summary>md5 of TEXT as a uuid, as the generated rows compute them.</summary>
    private static Guid Uuid(string text) =>
        new(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text))));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Session.ActAsAsync(Searched);
        await using var superuser = await DbSession.OpenAsync(Database.SuperuserConnectionString);
        // Once for the class's database; without the entry stamp, so the generated users and times stay.
        if (await superuser.ScalarAsync<bool>("select exists (select from audit_logs where tenant_id = @a)", ("a", Searched))) return;
        await using var generate = new Npgsql.NpgsqlCommand("""
            set session_replication_role = replica;
            insert into audit_logs (tenant_id, table_name, record_id, action, event, new_data, changed_by, changed_at)
            select case when g % 2 = 0 then @a else @b end,
                   (array['contacts', 'companies', 'deals', 'activities', 'contact_tags', 'users'])[1 + g % 6],
                   md5('r' || (g % 50000))::uuid,
                   case when g % 10 = 0 then 'event' else (array['insert', 'update', 'update', 'delete'])[1 + g % 4] end,
                   case when g % 10 = 0 then (array['login', 'login.failed', 'logout'])[1 + g % 3] end,
                   jsonb_build_object('title', (array['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Hooli'])[1 + g % 8]
                                               || ' order ' || (g % 50000)),
                   md5('u' || (g % 40))::uuid,
                   now() - make_interval(mins => g)
            from generate_series(1, @rows) g;
            set session_replication_role = origin;
            analyze audit_logs;
            """, superuser.Connection) { CommandTimeout = 600 };
        generate.Parameters.AddWithValue("a", Searched);
        generate.Parameters.AddWithValue("b", OtherTenant);
        generate.Parameters.AddWithValue("rows", Rows);
        await generate.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    // The arguments of crm_audit_search after the user: action, event, record type, from, to, name; then skip, take, cap as the page asks.
    public static TheoryData<string, string, string> Filters => new()
    {
        { "none", $"null, null, null, null, null, null, null", "ix_audit_logs_tenant_id_changed_at_id" },
        { "user", $"'{SomeUser}', null, null, null, null, null, null", "ix_audit_logs_tenant_id_changed_by_changed_at_id" },
        { "record type", "null, null, null, 'deals', null, null, null", "ix_audit_logs_tenant_id_table_name_changed_at_id" },
        { "action", "null, 'delete', null, null, null, null, null", "ix_audit_logs_tenant_id_action_changed_at_id" },
        { "event", "null, null, 'login.failed', null, null, null, null", "ix_audit_logs_tenant_id_event_changed_at_id" },
        { "dates", "null, null, null, null, now() - interval '30 days', now() - interval '29 days', null", "ix_audit_logs_tenant_id_changed_at_id" },
        { "name", "null, null, null, null, null, null, 'order 4242'", "ix_audit_logs_record_name_trgm" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Each_filter_of_a_page_is_served_by_its_index(string filter, string arguments, string index)
    {
        var plans = await PlansAsync($"select * from crm_audit_search({arguments}, 0, 50, 10001)");

        Assert.True(plans.Any(plan => plan.Contains(index)), $"The {filter} filter's page should read {index}:\n{string.Join("\n", plans)}");
        Assert.All(plans, plan => Assert.DoesNotContain("Seq Scan on audit_logs", plan));
    }

    /// <summary>
    /// Every plan STATEMENT runs as crm_app acting for the searched tenant, the ones crm_audit_search
    /// EXECUTEs included (auto_explain, its output sent to this client).
    /// </summary>
    private async Task<List<string>> PlansAsync(string statement)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.SuperuserConnectionString);
        var plans = new List<string>();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var sql in new[]
        {
            "LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0", "SET auto_explain.log_nested_statements = on",
            "SET client_min_messages = log", "SET ROLE crm_app", $"SELECT set_config('app.tenant_id', '{Searched}', false)", statement,
        })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        return plans;
    }

    [Fact]
    public async Task The_search_answers_what_row_level_security_shows_the_tenant_newest_first()
    {
        var expected = await Session.ListAsync<long>("""
            select id from audit_logs where changed_by = @u and record_name ilike '%order 2%'
            order by changed_at desc, id desc limit 25
            """, ("u", SomeUser));
        var count = await Session.ScalarAsync<long>("select count(*) from audit_logs where changed_by = @u and record_name ilike '%order 2%'", ("u", SomeUser));

        var found = await Session.ListAsync<long>(
            "select id from crm_audit_search(@u, null, null, null, null, null, 'ORDER 2', 0, 25, 10001)", ("u", SomeUser));
        var matches = await Session.ScalarAsync<int>(
            "select matches from crm_audit_search(@u, null, null, null, null, null, 'ORDER 2', 0, 25, 10001) limit 1", ("u", SomeUser));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, found);
        Assert.Equal(count, matches);
    }

    [Fact]
    public async Task The_search_never_answers_for_another_tenant_nor_without_one()
    {
        var otherTenants = await Session.ScalarAsync<long>("""
            select count(*) from crm_audit_search(null, null, null, null, null, null, null, 0, null, null) s
            where not exists (select from audit_logs l where l.id = s.id)
            """);
        await Session.ActAsAsync(null);
        var withoutTenant = await Session.ScalarAsync<long>("select count(*) from crm_audit_search(null, null, null, null, null, null, null, 0, 10, 10001)");

        Assert.Equal(0L, otherTenants);
        Assert.Equal(0L, withoutTenant);
    }
}
