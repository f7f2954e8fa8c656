using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>The stamp trigger: every update sets updated_at and updated_by; created_at and created_by never change.</summary>
public sealed class UpdateStampTests(CrmDatabase database) : TenantSessionTests(database)
{
    [Fact]
    public async Task An_update_stamps_the_time_of_its_transaction_and_the_acting_user()
    {
        var company = await Session.AddCompanyAsync();
        var created = await Session.ScalarAsync<DateTime>("select created_at from companies where id = @id", ("id", company));
        Assert.Equal(Tenant.OwnerId, await Session.ScalarAsync<Guid>("select created_by from companies where id = @id", ("id", company)));
        var editor = await Session.AddUserAsync("Member");

        await Session.ActAsAsync(Tenant, editor);
        var ct = TestContext.Current.CancellationToken;
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            // A client cannot choose its own stamps: they come from the transaction and the session.
            await Session.ExecuteAsync("update companies set name = 'Renamed', updated_at = '2000-01-01', updated_by = null where id = @id", ("id", company));
            Assert.True(await Session.ScalarAsync<bool>("select updated_at = now() from companies where id = @id", ("id", company)));
            await transaction.CommitAsync(ct);
        }

        Assert.True(await Session.ScalarAsync<DateTime>("select updated_at from companies where id = @id", ("id", company)) > created);
        Assert.Equal(editor, await Session.ScalarAsync<Guid>("select updated_by from companies where id = @id", ("id", company)));
        Assert.Equal(Tenant.OwnerId, await Session.ScalarAsync<Guid>("select created_by from companies where id = @id", ("id", company)));
        Assert.Equal(created, await Session.ScalarAsync<DateTime>("select created_at from companies where id = @id", ("id", company)));
    }

    [Fact]
    public async Task Each_update_moves_updated_at_forward()
    {
        var contact = await Session.AddContactAsync();
        await Session.ExecuteAsync("update contacts set job_title = 'CTO' where id = @id", ("id", contact));
        var first = await Session.ScalarAsync<DateTime>("select updated_at from contacts where id = @id", ("id", contact));
        await Session.ExecuteAsync("update contacts set job_title = 'CEO' where id = @id", ("id", contact));
        Assert.True(await Session.ScalarAsync<DateTime>("select updated_at from contacts where id = @id", ("id", contact)) > first);
    }

    [Theory]
    [InlineData("companies", "created_at = created_at - interval '1 day'")]
    [InlineData("companies", "created_by = null")]
    [InlineData("contacts", "created_at = '2000-01-01'")]
    [InlineData("deals", "created_by = gen_random_uuid()")]
    [InlineData("tenants", "created_at = now() + interval '1 hour'")]
    [InlineData("users", "created_at = created_at + interval '1 second'")]
    public async Task Created_at_and_created_by_cannot_be_changed(string table, string change)
    {
        var company = await Session.AddCompanyAsync();
        var contact = await Session.AddContactAsync(company);
        await Session.AddDealAsync(await Session.AddPipelineAsync(), contactId: contact, companyId: company);
        var creation = $"select string_agg(created_at::text || coalesce(created_by::text, ''), ',' order by id) from {table}";
        var before = await Session.ScalarAsync<string>(creation);

        var error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => Session.ExecuteAsync($"update {table} set {change}"));

        Assert.Equal("ck_created_is_immutable", error.ConstraintName);
        Assert.Equal(before, await Session.ScalarAsync<string>(creation));
    }
}
