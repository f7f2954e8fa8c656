using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// crm_find_user_for_sign_in is the one way the runtime role finds a user before it knows the tenant:
/// an exact normalized email in, at most one (user_id, tenant_id) out, and row-level security intact.
/// </summary>
public sealed class SignInLookupTests(CrmDatabase database) : TenantSessionTests(database)
{
    private string email = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        email = $"DEMO-{Guid.NewGuid():N}@X.TEST";
        await Session.ExecuteAsync("update users set email = lower(@email), normalized_email = @email where id = @id",
            ("email", email), ("id", Tenant.OwnerId));
        await Session.CreateTenantAsync("Someone else");
        await Session.ActAsAsync(null);
    }

    private async Task<(string[] Columns, List<object[]> Rows)> LookUpAsync(string? normalizedEmail)
    {
        await using var command = new NpgsqlCommand("select * from crm_find_user_for_sign_in(@email)", Session.Connection);
        command.Parameters.AddWithValue("email", (object?)normalizedEmail ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return (columns, rows);
    }

    [Fact]
    public async Task Without_a_tenant_the_lookup_returns_exactly_that_users_id_and_tenant_and_nothing_else()
    {
        var (columns, rows) = await LookUpAsync(email);
        Assert.Equal(["user_id", "tenant_id"], columns);
        var row = Assert.Single(rows);
        Assert.Equal(new object[] { Tenant.OwnerId, Tenant.Id }, row);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%@X.TEST")]
    [InlineData("DEMO-%")]
    [InlineData("_%")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Patterns_and_empty_input_find_nobody(string? input)
    {
        Assert.Empty((await LookUpAsync(input)).Rows);
    }

    [Fact]
    public async Task Only_the_exact_normalized_email_matches()
    {
        Assert.Empty((await LookUpAsync(email.ToLowerInvariant())).Rows);
        Assert.Empty((await LookUpAsync(" " + email)).Rows);
        Assert.Single((await LookUpAsync(email)).Rows);
    }

    [Fact]
    public async Task Using_the_lookup_opens_no_other_door_to_users()
    {
        await LookUpAsync(email);
        Assert.Equal(0L, await Session.CountAsync("users"));
        Assert.Equal(0L, await Session.CountAsync("tenants"));

        var other = await Session.CreateTenantAsync("Curious");
        Assert.Equal(Tenant.Id, (Guid)Assert.Single((await LookUpAsync(email)).Rows)[1]);
        Assert.Equal(0L, await Session.CountAsync("users where id = @id or tenant_id = @t", ("id", Tenant.OwnerId), ("t", Tenant.Id)));
        Assert.Equal(0L, await Session.CountAsync("tenants where id = @t", ("t", Tenant.Id)));
        Assert.Equal(1L, await Session.CountAsync("users where tenant_id = @t", ("t", other.Id)));
    }

    [Fact]
    public async Task The_function_returns_two_ids_runs_as_its_owner_and_only_the_runtime_role_may_call_it()
    {
        Assert.Equal("TABLE(user_id uuid, tenant_id uuid)",
            await Session.ScalarAsync<string>("select pg_get_function_result('crm_find_user_for_sign_in(text)'::regprocedure)"));
        Assert.True(await Session.ScalarAsync<bool>("select prosecdef from pg_proc where oid = 'crm_find_user_for_sign_in(text)'::regprocedure"));
        var grants = await Session.ListAsync<string>("""
            select coalesce(grantee.rolname, 'PUBLIC') from pg_proc p, aclexplode(p.proacl) acl
            left join pg_roles grantee on grantee.oid = acl.grantee
            where p.oid = 'crm_find_user_for_sign_in(text)'::regprocedure and acl.privilege_type = 'EXECUTE'
            """);
        Assert.Contains("crm_app", grants);
        Assert.DoesNotContain("PUBLIC", grants);
    }
}
