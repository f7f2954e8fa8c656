using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Row-level security as the runtime role: a session sees and writes only the rows of the tenant in
/// app.tenant_id, and nothing at all without one.
/// </summary>
public sealed class TenantIsolationTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    /// <summary>Every table holding tenant rows, with the column naming the tenant.</summary>
    public static readonly (string Table, string TenantColumn)[] TenantTables =
    [
        ("tenants", "id"), ("users", "tenant_id"), ("user_roles", "tenant_id"), ("user_claims", "tenant_id"),
        ("user_logins", "tenant_id"), ("user_tokens", "tenant_id"), ("companies", "tenant_id"),
        ("company_roles", "tenant_id"), ("contacts", "tenant_id"), ("tags", "tenant_id"), ("contact_tags", "tenant_id"),
        ("company_tags", "tenant_id"), ("deal_tags", "tenant_id"), ("pipelines", "tenant_id"),
        ("pipeline_stages", "tenant_id"), ("deals", "tenant_id"), ("deal_participants", "tenant_id"),
        ("activities", "tenant_id"), ("api_keys", "tenant_id"), ("audit_logs", "tenant_id"), ("import_jobs", "tenant_id"),
        ("contact_tallies", "tenant_id"), ("search_documents", "tenant_id"), ("search_terms", "tenant_id"),
        ("search_term_variants", "tenant_id"), ("import_presets", "tenant_id"), ("import_file_chunks", "tenant_id"),
        ("import_rows", "tenant_id"), ("import_created_records", "tenant_id"), ("lost_reasons", "tenant_id"),
        ("user_sessions", "tenant_id"),
        ("user_passkeys", "tenant_id"),
        ("webhook_endpoints", "tenant_id"), ("outbox", "tenant_id"), ("webhook_deliveries", "tenant_id"),
    ];

    /// <summary>Tables crm_app may only read: the audit trail, and the tally the contacts triggers keep as the owner.</summary>
    private static readonly string[] ReadOnlyTables = ["audit_logs", "contact_tallies"];

    /// <summary>Tables crm_app may update but never delete from (Sql/soft_delete.sql): a delete is refused outright.</summary>
    private static readonly string[] SoftDeleteOnlyTables = ["contacts", "companies", "deals", "activities", "tenants"];

    /// <summary>Tables crm_app may not delete from: webhook deliveries go with their endpoint; the outbox is append-only (no update either).</summary>
    private static readonly string[] NoDeleteTables = ["webhook_deliveries", "outbox"];

    /// <summary>
    /// Tables crm_app may not even read: the search's documents, terms and variants, kept by triggers as
    /// the owner and read only by crm_search, which answers for the session's tenant with ids. They hold
    /// every word of every record, so no grant leaves row-level security as their only lock.
    /// </summary>
    private static readonly string[] OwnerOnlyTables = ["search_documents", "search_terms", "search_term_variants"];

    /// <summary>The tenant tables crm_app may read, where row-level security alone decides which rows it sees.</summary>
    private static IEnumerable<(string Table, string TenantColumn)> ReadableTables => TenantTables.Where(t => !OwnerOnlyTables.Contains(t.Table));

    private DbSession session = default!;
    private TestTenant a = default!;
    private TestTenant b = default!;

    public async ValueTask InitializeAsync()
    {
        session = await DbSession.OpenAsync(database.AppConnectionString);
        b = await session.CreateTenantAsync("Tenant B");
        await FillEveryTableAsync(b);
        a = await session.CreateTenantAsync("Tenant A");
        await FillEveryTableAsync(a);
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();

    /// <summary>At least one row in every tenant table (tenant, users, roles and audit rows come with the tenant).</summary>
    private async Task FillEveryTableAsync(TestTenant tenant)
    {
        var company = await session.AddCompanyAsync();
        await session.AddCompanyRoleAsync(company, "principal");
        var contact = await session.AddContactAsync(company);
        var tag = await session.AddTagAsync();
        var pipeline = await session.AddPipelineAsync();
        var deal = await session.AddDealAsync(pipeline, contactId: contact, companyId: company);
        await session.AddParticipantAsync(deal, company, "principal", isPrimary: true);
        await session.AddActivityAsync(contact, company, deal);
        await session.AddApiKeyAsync();
        var job = await session.AddImportJobAsync();
        await session.ExecuteAsync("""
            insert into import_presets (kind, name, field_by_column) values ('contacts', 'HubSpot', '{}');
            insert into import_file_chunks (job_id, chunk, data) values (@job, 0, '\x4e616d65');
            insert into import_rows (job_id, row_number, raw, mapped) values (@job, 2, '{Ada}', '{Ada}');
            insert into import_created_records (job_id, table_name, record_id) values (@job, 'tags', @tag);
            """, ("job", job), ("tag", tag));
        await session.ExecuteAsync("""
            insert into contact_tags (contact_id, tag_id) values (@contact, @tag);
            insert into company_tags (company_id, tag_id) values (@company, @tag);
            insert into deal_tags (deal_id, tag_id) values (@deal, @tag);
            insert into user_claims (user_id, claim_type, claim_value) values (@user, 'theme', 'dark');
            insert into user_logins (login_provider, provider_key, provider_display_name, user_id) values ('Test', @user::text, 'Test', @user);
            insert into user_tokens (user_id, login_provider, name, value) values (@user, 'Test', 'refresh', 'token');
            insert into user_sessions (user_id, signed_in_at, last_seen_at) values (@user, now(), now());
            insert into user_passkeys (credential_id, user_id, data) values (gen_random_bytes(16), @user, '{"Name": "Test"}');
            insert into webhook_endpoints (url, events, secret_protected) values ('https://example.com/hook', '{contact.created}', 'x');
            insert into contacts (first_name) values ('Announced');
            """, ("contact", contact), ("company", company), ("deal", deal), ("tag", tag), ("user", tenant.OwnerId));
    }

    private async Task<Dictionary<string, long>> CountRowsOfAsync(Guid tenantId)
    {
        var counts = new Dictionary<string, long>();
        foreach (var (table, column) in ReadableTables)
            counts[table] = await session.CountAsync($"{table} where {column} = @t", ("t", tenantId));
        return counts;
    }

    [Fact]
    public async Task A_tenant_sees_none_of_another_tenants_rows_in_any_table()
    {
        await session.ActAsAsync(b);
        Assert.All(await CountRowsOfAsync(b.Id), count => Assert.True(count.Value > 0, $"{count.Key} has no row of B to hide"));

        await session.ActAsAsync(a);
        Assert.All(await CountRowsOfAsync(b.Id), count => Assert.True(count.Value == 0, $"A sees {count.Value} rows of B in {count.Key}"));
        foreach (var (table, column) in ReadableTables)
            Assert.Equal(0L, await session.CountAsync($"{table} where {column} is distinct from @t", ("t", a.Id)));
    }

    [Fact]
    public async Task Updates_and_deletes_aimed_at_another_tenants_rows_touch_nothing()
    {
        await session.ActAsAsync(b);
        var before = await CountRowsOfAsync(b.Id);

        await session.ActAsAsync(a);
        foreach (var (table, column) in ReadableTables.Where(t => !ReadOnlyTables.Contains(t.Table)))
        {
            if (table == "outbox")
                await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege,
                    () => session.ExecuteAsync($"update {table} set {column} = {column} where {column} = @b", ("b", b.Id)));
            else
                Assert.Equal(0, await session.ExecuteAsync($"update {table} set {column} = {column} where {column} = @b", ("b", b.Id)));
            if (SoftDeleteOnlyTables.Contains(table) || NoDeleteTables.Contains(table))
                await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege,
                    () => session.ExecuteAsync($"delete from {table} where {column} = @b", ("b", b.Id)));
            else
                Assert.Equal(0, await session.ExecuteAsync($"delete from {table} where {column} = @b", ("b", b.Id)));
        }
        Assert.Equal(0, await session.ExecuteAsync("update users set full_name = 'Hijacked', is_active = false where id = @id", ("id", b.OwnerId)));
        Assert.Equal(0, await session.ExecuteAsync("update tenants set name = 'Hijacked' where id = @id", ("id", b.Id)));

        await session.ActAsAsync(b);
        Assert.Equal(before, await CountRowsOfAsync(b.Id));
        Assert.Equal(0L, await session.CountAsync("users where full_name = 'Hijacked' or not is_active"));
        Assert.Equal(0L, await session.CountAsync("tenants where name = 'Hijacked'"));
    }

    [Fact]
    public async Task Without_a_tenant_the_runtime_role_sees_nothing_and_can_insert_nothing()
    {
        await session.ActAsAsync(null);
        foreach (var (table, _) in ReadableTables)
            Assert.Equal(0L, await session.CountAsync(table));

        var error = await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege,
            () => session.ExecuteAsync("insert into companies (name) values ('Nobody''s')"));
        Assert.Contains("row-level security", error.MessageText);
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege,
            () => session.ExecuteAsync("insert into companies (tenant_id, name) values (@a, 'Claimed')", ("a", a.Id)));
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege,
            () => session.ExecuteAsync("insert into tenants (name, slug) values ('Orphan', 'orphan')"));

        await session.ActAsAsync(a);
        Assert.Equal(0L, await session.CountAsync("companies where name in ('Nobody''s', 'Claimed')"));
    }

    [Fact]
    public async Task A_connection_that_never_set_a_tenant_sees_nothing()
    {
        var neverSet = new NpgsqlConnectionStringBuilder(database.AppConnectionString) { Pooling = false }.ToString();
        await using var connection = new NpgsqlConnection(neverSet);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var (table, _) in ReadableTables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        }
        await using var insert = new NpgsqlCommand("insert into contacts (first_name) values ('Nobody')", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task The_runtime_role_may_neither_read_nor_write_the_search_tables_even_for_its_own_tenant()
    {
        await session.ActAsAsync(a);
        foreach (var table in OwnerOnlyTables)
        {
            foreach (var sql in new[]
            {
                $"select count(*) from {table}", $"insert into {table} (tenant_id) values (@a)",
                $"update {table} set tenant_id = tenant_id", $"delete from {table} where tenant_id = @a",
            })
            {
                // Refused for the privilege, not by row-level security (which would let its own tenant's rows through).
                var error = await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => session.ExecuteAsync(sql, ("a", a.Id)));
                Assert.Equal($"permission denied for table {table}", error.MessageText);
            }
        }
    }

    [Fact]
    public async Task The_search_tables_hold_each_tenants_rows_and_even_the_owner_writes_only_the_sessions_tenants()
    {
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString, a.Id);
        foreach (var table in OwnerOnlyTables)
        {
            Assert.True(await owner.CountAsync($"{table} where tenant_id = @b", ("b", b.Id)) > 0, $"{table} has no row of B");
            var before = await owner.CountAsync(table);
            Assert.Equal(0, await owner.ExecuteAsync($"delete from {table} where tenant_id = @b", ("b", b.Id)));
            Assert.Equal(0, await owner.ExecuteAsync($"update {table} set tenant_id = tenant_id where tenant_id = @b", ("b", b.Id)));
            Assert.Equal(before, await owner.CountAsync(table));
        }
    }

    [Fact]
    public async Task A_row_cannot_be_written_into_another_tenant()
    {
        const string Rls = PostgresErrorCodes.InsufficientPrivilege;
        await session.RejectsAsync(Rls, null, "companies",
            "insert into companies (tenant_id, name) values (@b, 'Planted')", ("b", b.Id));
        await session.RejectsAsync(Rls, null, "contacts", "insert into contacts (tenant_id, first_name) values (@b, 'Planted')", ("b", b.Id));
        await session.RejectsAsync(Rls, null, "tenants", "insert into tenants (id, name, slug) values (@id, 'Other', @slug)",
            ("id", Guid.NewGuid()), ("slug", "other-" + Guid.NewGuid().ToString("N")[..8]));
        await session.RejectsAsync(Rls, null, "companies where name = 'Moved'",
            "update companies set tenant_id = @b, name = 'Moved'", ("b", b.Id));
        await session.RejectsAsync(Rls, null, "users where tenant_id = @b",
            "update users set tenant_id = @b where id = @owner", ("b", b.Id), ("owner", a.OwnerId));

        await session.ActAsAsync(b);
        Assert.Equal(0L, await session.CountAsync("companies where name in ('Planted', 'Moved')"));
        Assert.Equal(0L, await session.CountAsync("contacts where first_name = 'Planted'"));
    }
}
