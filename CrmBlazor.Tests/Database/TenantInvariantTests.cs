using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Rules checked when a transaction commits: every tenant keeps an active Owner and a default pipeline,
/// from the transaction that creates it. Inside the transaction the rule may be broken for a while.
/// </summary>
public sealed class TenantInvariantTests(CrmDatabase database) : TenantSessionTests(database)
{
    private const string OwnerRule = "ck_tenant_keeps_an_owner";
    private const string DefaultRule = "ck_tenant_has_default_pipeline";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Session.AddUserAsync("Admin");
    }

    /// <summary>Runs CHANGE in a transaction whose COMMIT must fail with 23514 naming RULE; returns rows CHANGE reported.</summary>
    private async Task<int> CommitFailsAsync(string rule, string change, params (string Name, object? Value)[] parameters)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var transaction = await Session.Connection.BeginTransactionAsync(ct);
        var rows = await Session.ExecuteAsync(change, parameters);
        var error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => transaction.CommitAsync(ct));
        Assert.Equal(rule, error.ConstraintName);
        return rows;
    }

    private async Task CommitAsync(string change, params (string Name, object? Value)[] parameters)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var transaction = await Session.Connection.BeginTransactionAsync(ct);
        await Session.ExecuteAsync(change, parameters);
        await transaction.CommitAsync(ct);
    }

    private Task<long> ActiveOwnersAsync() => Session.CountAsync("""
        users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
        where r.name = 'Owner' and u.is_active and u.deleted_at is null
        """);

    [Theory]
    [InlineData("delete from user_roles where user_id = @owner")]
    [InlineData("update user_roles set role_id = (select id from roles where name = 'Admin') where user_id = @owner")]
    [InlineData("update users set is_active = false where id = @owner")]
    [InlineData("update users set deleted_at = now() where id = @owner")]
    [InlineData("delete from users where id = @owner")]
    public async Task The_only_active_owner_cannot_be_demoted_deactivated_or_removed(string change)
    {
        Assert.Equal(1, await CommitFailsAsync(OwnerRule, change, ("owner", Tenant.OwnerId)));
        Assert.Equal(1L, await ActiveOwnersAsync());
        Assert.Equal(1L, await Session.CountAsync("users where id = @owner and is_active and deleted_at is null", ("owner", Tenant.OwnerId)));
    }

    [Theory]
    [InlineData("update user_roles set role_id = (select id from roles where name = 'Member') where user_id = @owner")]
    [InlineData("update users set is_active = false where id = @owner")]
    public async Task With_a_second_active_owner_the_first_can_step_down(string change)
    {
        await Session.AddUserAsync("Owner");
        await CommitAsync(change, ("owner", Tenant.OwnerId));
        Assert.Equal(1L, await ActiveOwnersAsync());
    }

    [Fact]
    public async Task An_inactive_second_owner_does_not_count()
    {
        await Session.AddUserAsync("Owner", isActive: false);
        await CommitFailsAsync(OwnerRule, "update users set is_active = false where id = @owner", ("owner", Tenant.OwnerId));
        Assert.Equal(1L, await ActiveOwnersAsync());
    }

    [Fact]
    public async Task Ownership_can_be_handed_over_within_one_transaction()
    {
        var ct = TestContext.Current.CancellationToken;
        Guid heir;
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await Session.ExecuteAsync("update user_roles set role_id = (select id from roles where name = 'Admin') where user_id = @owner",
                ("owner", Tenant.OwnerId));
            heir = await Session.AddUserAsync("Owner");
            await transaction.CommitAsync(ct);
        }
        Assert.Equal([heir], await Session.ListAsync<Guid>(
            "select ur.user_id from user_roles ur join roles r on r.id = ur.role_id where r.name = 'Owner'"));
    }

    [Fact]
    public async Task A_tenant_cannot_start_with_users_but_no_owner()
    {
        var id = Guid.NewGuid();
        await Session.ActAsAsync(id, null);
        var ct = TestContext.Current.CancellationToken;
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await Session.ExecuteAsync("insert into tenants (id, name, slug) values (@id, 'Ownerless', @slug)",
                ("id", id), ("slug", "o-" + id.ToString("N")[..8]));
            await Session.AddUserAsync("Member");
            await AddReadyPipelineAsync();
            var error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => transaction.CommitAsync(ct));
            Assert.Equal(OwnerRule, error.ConstraintName);
        }
        Assert.Equal(0L, await Session.CountAsync("tenants"));
        Assert.Equal(0L, await Session.CountAsync("users"));
    }

    [Fact]
    public async Task The_owner_rule_holds_even_if_the_session_leaves_the_tenant_before_committing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await Session.ExecuteAsync("delete from user_roles where user_id = @owner", ("owner", Tenant.OwnerId));
            await Session.ActAsAsync(null);
            var error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => transaction.CommitAsync(ct));
            Assert.Equal(OwnerRule, error.ConstraintName);
        }
        await Session.ActAsAsync(Tenant);
        Assert.Equal(1L, await ActiveOwnersAsync());
    }

    [Fact]
    public async Task A_tenant_keeps_a_default_pipeline()
    {
        var pipeline = Tenant.DefaultPipeline!;
        Assert.Equal(1, await CommitFailsAsync(DefaultRule, "update pipelines set is_default = false where id = @id", ("id", pipeline.Id)));
        var other = await Session.AddPipelineAsync(isDefault: false);
        await CommitFailsAsync(DefaultRule, "delete from pipelines where id = @id", ("id", pipeline.Id));
        Assert.Equal([pipeline.Id], await Session.ListAsync<Guid>("select id from pipelines where is_default"));

        await CommitAsync("""
            update pipelines set is_default = false where id = @old;
            update pipelines set is_default = true where id = @other;
            """, ("old", pipeline.Id), ("other", other.Id));
        Assert.Equal([other.Id], await Session.ListAsync<Guid>("select id from pipelines where is_default"));
    }

    [Fact]
    public async Task The_default_pipeline_rule_holds_even_if_the_session_leaves_the_tenant_before_committing()
    {
        var pipeline = Tenant.DefaultPipeline!;
        var ct = TestContext.Current.CancellationToken;
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await Session.ExecuteAsync("update pipelines set is_default = false where id = @id", ("id", pipeline.Id));
            await Session.ActAsAsync(null);
            var error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => transaction.CommitAsync(ct));
            Assert.Equal(DefaultRule, error.ConstraintName);
        }
        await Session.ActAsAsync(Tenant);
        Assert.Equal(1L, await Session.CountAsync("pipelines where is_default"));
    }

    [Fact]
    public async Task A_tenant_cannot_start_without_users()
    {
        var error = await NewTenantFailsAsync(addOwner: false, addPipeline: true);
        Assert.Equal(OwnerRule, error.ConstraintName);
    }

    [Fact]
    public async Task A_tenant_cannot_start_without_a_default_pipeline()
    {
        var error = await NewTenantFailsAsync(addOwner: true, addPipeline: false);
        Assert.Equal(DefaultRule, error.ConstraintName);
    }

    [Fact]
    public async Task A_new_tenants_default_pipeline_needs_its_won_and_lost_stages()
    {
        var error = await NewTenantFailsAsync(addOwner: true, addPipeline: false,
            then: () => Session.AddPipelineAsync(isDefault: true));
        Assert.Equal(DefaultRule, error.ConstraintName);
    }

    [Fact]
    public async Task A_tenant_starts_with_its_owner_and_default_pipeline_in_one_transaction()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid();
        await Session.ActAsAsync(id, null);
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await InsertTenantAsync(id);
            await Session.AddUserAsync("Owner");
            await AddReadyPipelineAsync();
            await transaction.CommitAsync(ct);
        }
        Assert.Equal(1L, await Session.CountAsync("tenants"));
        Assert.Equal(1L, await Session.CountAsync("pipelines where is_default"));
    }

    [Fact]
    public async Task The_new_tenant_rule_holds_even_if_the_session_leaves_the_tenant_before_committing()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid();
        await Session.ActAsAsync(id, null);
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await InsertTenantAsync(id);
            await Session.ActAsAsync(null);
            var error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => transaction.CommitAsync(ct));
            Assert.Contains(error.ConstraintName, new[] { OwnerRule, DefaultRule });
        }
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal(0L, await owner.CountAsync("tenants where id = @id", ("id", id)));
    }

    /// <summary>A new tenant, with or without its owner and pipeline, whose COMMIT must fail; nothing of it stays.</summary>
    private async Task<PostgresException> NewTenantFailsAsync(bool addOwner, bool addPipeline, Func<Task>? then = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid();
        await Session.ActAsAsync(id, null);
        PostgresException error;
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await InsertTenantAsync(id);
            if (addOwner) await Session.AddUserAsync("Owner");
            if (addPipeline) await AddReadyPipelineAsync();
            if (then is not null) await then();
            error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => transaction.CommitAsync(ct));
        }
        Assert.Equal(0L, await Session.CountAsync("tenants"));
        Assert.Equal(0L, await Session.CountAsync("pipelines"));
        return error;
    }

    private Task InsertTenantAsync(Guid id) =>
        Session.ExecuteAsync("insert into tenants (id, name, slug) values (@id, 'New', @slug)", ("id", id), ("slug", "n-" + id.ToString("N")[..8]));

    /// <summary>A default pipeline with an open, a won and a lost stage, in the session's tenant.</summary>
    private async Task AddReadyPipelineAsync()
    {
        var pipeline = await Session.AddPipelineAsync(isDefault: true, stages: 1);
        await Session.ExecuteAsync("""
            insert into pipeline_stages (pipeline_id, name, position, probability, kind, color)
            values (@p, 'Won', 1, 100, 'won', '#888888'), (@p, 'Lost', 2, 0, 'lost', '#888888')
            """, ("p", pipeline.Id));
    }
}
