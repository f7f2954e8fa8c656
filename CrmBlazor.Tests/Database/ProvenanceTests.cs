using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Provenance (Sql/provenance.sql): a new row's created_by and updated_by are the session's user whatever the client
/// says, and created_by names a user of the row's own tenant (a same-tenant key, cleared when that user is purged).
/// </summary>
public sealed class ProvenanceTests(CrmDatabase database) : TenantSessionTests(database)
{
    private async Task<(Guid? CreatedBy, Guid? UpdatedBy)> StampsAsync(string table, Guid id)
    {
        await using var command = new NpgsqlCommand($"select created_by, updated_by from {table} where id = @id", Session.Connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        return (reader.IsDBNull(0) ? null : reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1));
    }

    [Fact]
    public async Task A_new_row_is_the_sessions_users_whoever_the_insert_names()
    {
        var member = await Session.AddUserAsync("Member");
        await Session.ActAsAsync(Tenant, member);

        var contact = await Session.ScalarAsync<Guid>(
            "insert into contacts (first_name, created_by, updated_by) values ('Forged', @owner, @owner) returning id", ("owner", Tenant.OwnerId));
        var key = await Session.ScalarAsync<Guid>("""
            insert into api_keys (name, prefix, key_hash, scopes, created_by) values ('Key', 'abcdef12', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), '{contacts:read}', @owner) returning id
            """, ("owner", Tenant.OwnerId));

        Assert.Equal((member, member), await StampsAsync("contacts", contact));
        Assert.Equal((member, member), await StampsAsync("api_keys", key));
    }

    [Fact]
    public async Task Without_a_session_user_created_by_stays_as_given()
    {
        var member = await Session.AddUserAsync("Member");
        await Session.ActAsAsync(Tenant.Id);

        var contact = await Session.ScalarAsync<Guid>(
            "insert into contacts (first_name, created_by) values ('Seeded', @member) returning id", ("member", member));

        Assert.Equal((member, (Guid?)null), await StampsAsync("contacts", contact));
    }

    [Theory]
    [InlineData("contacts", "insert into contacts (first_name, created_by) values ('Stranger', @by)")]
    [InlineData("api_keys", "insert into api_keys (name, prefix, key_hash, scopes, created_by) values ('Key', 'abcdef12', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), '{contacts:read}', @by)")]
    [InlineData("import_jobs", "insert into import_jobs (kind, file_name, status, total_rows, imported_rows, failed_rows, created_by) values ('contacts', 'f.csv', 'pending', 0, 0, 0, @by)")]
    public async Task Created_by_naming_another_tenants_user_is_refused_by_the_same_tenant_key(string table, string insert)
    {
        var other = await Session.CreateTenantAsync("Other");
        await Session.ActAsAsync(Tenant.Id);

        await Session.RejectsAsync(PostgresErrorCodes.ForeignKeyViolation, $"fk_{table}_created_by", table, insert, ("by", other.OwnerId));
        await Session.RejectsAsync(PostgresErrorCodes.ForeignKeyViolation, $"fk_{table}_created_by", table, insert, ("by", Guid.NewGuid()));
    }

    [Fact]
    public async Task Purging_a_user_keeps_their_rows_and_clears_only_created_by()
    {
        var member = await Session.AddUserAsync("Member");
        await Session.ActAsAsync(Tenant, member);
        var contact = await Session.AddContactAsync();
        await Session.ActAsAsync(Tenant);
        // The app never clears it: created_by still cannot change while its user exists.
        await Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_created_is_immutable", "contacts where created_by = @m",
            "update contacts set created_by = null where id = @id", ("id", contact), ("m", member));

        await using (var owner = await DbSession.OpenAsync(Database.OwnerConnectionString, Tenant.Id))
            await owner.ExecuteAsync("delete from users where id = @id", ("id", member));

        Assert.Equal(((Guid?)null, member), await StampsAsync("contacts", contact));
    }

    [Fact]
    public async Task Every_table_with_created_by_has_the_insert_stamp_and_a_validated_same_tenant_key_that_clears_it()
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var tables = await owner.ListAsync<string>("""
            select c.table_name::text from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
            where c.table_schema = 'public' and c.column_name = 'created_by' order by 1
            """);
        var stamped = await owner.ListAsync<string>(
            "select tgrelid::regclass::text from pg_trigger where tgname = 'stamp_insert' and tgenabled = 'O' order by 1");
        var keyed = await owner.ListAsync<string>("""
            select conrelid::regclass::text from pg_constraint
            where contype = 'f' and convalidated and confrelid = 'users'::regclass and confdeltype = 'n'
              and conname = 'fk_' || conrelid::regclass::text || '_created_by'
              and cardinality(conkey) = 2 and cardinality(confdelsetcols) = 1
            order by 1
            """);

        Assert.Equal(19, tables.Count);
        Assert.Equal(tables, stamped);
        Assert.Equal(tables, keyed);
    }
}
