using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>The audit trigger records every change as the acting user, leaves secrets out, and the app cannot rewrite it.</summary>
public sealed class AuditTrailTests(CrmDatabase database) : TenantSessionTests(database)
{
    private async Task<List<(string Action, string? OldEmail, string? NewEmail, Guid? ChangedBy)>> ContactTrailAsync(Guid contact)
    {
        await using var command = new NpgsqlCommand("""
            select action, old_data ->> 'email', new_data ->> 'email', changed_by from audit_logs
            where table_name = 'contacts' and record_id = @id order by id
            """, Session.Connection);
        command.Parameters.AddWithValue("id", contact);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var trail = new List<(string, string?, string?, Guid?)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            trail.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                       reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3)));
        return trail;
    }

    [Fact]
    public async Task Inserting_updating_and_deleting_a_contact_is_logged_with_its_data_and_the_acting_user()
    {
        // An Owner: only an Owner deletes for good (crm_delete_forever), a row already in the trash.
        var editor = await Session.AddUserAsync("Owner");
        await Session.ActAsAsync(Tenant, editor);

        var contact = await Session.AddContactAsync(email: "ada@example.test");
        await Session.ExecuteAsync("update contacts set email = 'ada@lovelace.test' where id = @id", ("id", contact));
        await Session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", contact));
        await Session.ExecuteAsync("select crm_delete_forever('{}', '{}', @ids, '{}')", ("ids", new[] { contact }));

        (string, string?, string?, Guid?)[] expected =
        [
            ("insert", null, "ada@example.test", editor),
            ("update", "ada@example.test", "ada@lovelace.test", editor),
            ("update", "ada@lovelace.test", "ada@lovelace.test", editor),
            ("delete", "ada@lovelace.test", null, editor),
        ];
        Assert.Equal(expected, await ContactTrailAsync(contact));
        Assert.Equal(4L, await Session.CountAsync("audit_logs where record_id = @id and tenant_id = @t", ("id", contact), ("t", Tenant.Id)));
    }

    [Fact]
    public async Task An_event_cannot_be_written_in_someone_elses_name_or_time()
    {
        var actor = await Session.AddUserAsync("Member");
        await Session.ActAsAsync(Tenant, actor);

        var id = await Session.ScalarAsync<long>("""
            insert into audit_logs (action, event, changed_by, changed_at) values ('event', 'forged', @someone, '2001-01-01')
            returning id
            """, ("someone", Tenant.OwnerId));

        Assert.Equal(actor, await Session.ScalarAsync<Guid>("select changed_by from audit_logs where id = @id", ("id", id)));
        Assert.True(await Session.ScalarAsync<bool>("select changed_at > now() - interval '1 minute' from audit_logs where id = @id", ("id", id)));
    }

    [Fact]
    public async Task An_update_that_changes_nothing_but_its_stamps_is_not_logged()
    {
        var contact = await Session.AddContactAsync(email: "same@example.test");
        await Session.ExecuteAsync("update contacts set email = email where id = @id", ("id", contact));
        Assert.Equal(["insert"], (await ContactTrailAsync(contact)).Select(row => row.Action));
    }

    [Fact]
    public async Task Password_hashes_security_stamps_and_other_secrets_never_reach_the_audit_log()
    {
        var user = await Session.AddUserAsync("Member");
        await Session.ExecuteAsync("""
            update users set full_name = 'Renamed', password_hash = 'secret-hash-2', security_stamp = 'secret-stamp-2' where id = @id;
            insert into user_tokens (user_id, login_provider, name, value) values (@id, 'Test', 'refresh', 'secret-token');
            insert into user_claims (user_id, claim_type, claim_value) values (@id, 'pin', 'secret-claim');
            insert into api_keys (name, prefix, key_hash, scopes) values ('Key', 'abcdef12', encode(sha256('secret-key'::bytea), 'hex'), '{contacts:read}');
            delete from users where id = @id;
            """, ("id", user));

        // The new hash is recorded as a password.change event (audit_events.sql), the hash itself nowhere.
        Assert.Equal(["insert", "event", "update", "delete"], await Session.ListAsync<string>(
            "select action from audit_logs where table_name = 'users' and record_id = @id order by id", ("id", user)));
        Assert.Equal("Renamed", await Session.ScalarAsync<string>(
            "select new_data ->> 'full_name' from audit_logs where table_name = 'users' and record_id = @id and action = 'update'", ("id", user)));
        Assert.Equal(0L, await Session.CountAsync("""
            audit_logs where old_data ?| array['password_hash', 'security_stamp', 'concurrency_stamp', 'value', 'claim_value', 'key_hash']
                          or new_data ?| array['password_hash', 'security_stamp', 'concurrency_stamp', 'value', 'claim_value', 'key_hash']
            """));
        Assert.Equal(0L, await Session.CountAsync("audit_logs where coalesce(old_data::text, '') || coalesce(new_data::text, '') like '%secret-%'"));
        Assert.True(await Session.CountAsync("audit_logs where table_name in ('user_tokens', 'user_claims', 'api_keys')") >= 3);
    }

    [Fact]
    public async Task The_runtime_role_cannot_rewrite_or_erase_the_audit_log()
    {
        await Session.AddCompanyAsync(name: "Audited");
        const string Log = "select string_agg(id || action || coalesce(new_data::text, ''), ',' order by id) from audit_logs";
        var before = await Session.ScalarAsync<string>(Log);

        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("update audit_logs set action = 'delete'"));
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("delete from audit_logs"));
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("truncate audit_logs"));

        Assert.Contains("Audited", before);
        Assert.Equal(before, await Session.ScalarAsync<string>(Log));
    }
}
