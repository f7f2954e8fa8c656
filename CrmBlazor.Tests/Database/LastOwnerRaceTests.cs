using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// The last-Owner rule (keep_an_owner, checked at commit) under concurrency: two Owners who demote each
/// other at the same moment must not leave their tenant without one (Sql/tenant_rules.sql serialises the
/// checks of one tenant, so the second sees the first's commit).
/// </summary>
public sealed class LastOwnerRaceTests(CrmDatabase database) : TenantSessionTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_Owners_demoting_each_other_at_once_leave_exactly_one_Owner()
    {
        var secondOwner = await Session.AddUserAsync("Owner");
        await using var first = await DbSession.OpenAsync(Database.AppConnectionString, Tenant.Id, Tenant.OwnerId);
        await using var second = await DbSession.OpenAsync(Database.AppConnectionString, Tenant.Id, secondOwner);
        await using var firstTransaction = await first.Connection.BeginTransactionAsync(Ct);
        await using var secondTransaction = await second.Connection.BeginTransactionAsync(Ct);

        // Both demotions are made (different rows: neither blocks the other), then both commit-time checks run
        // (SET CONSTRAINTS ... IMMEDIATE runs them as COMMIT would) before either transaction commits: the
        // interleaving in which each check, alone, sees the other Owner still in place.
        Assert.Equal(1, await DemoteAsync(first, secondOwner));
        Assert.Equal(1, await DemoteAsync(second, Tenant.OwnerId));
        await CheckNowAsync(first);
        var secondPid = second.Connection.ProcessID;
        var secondCheck = Task.Run(() => CheckNowAsync(second), Ct);
        // The second check has run, or is waiting for the first transaction (the rule's lock).
        while (!secondCheck.IsCompleted && !await IsWaitingOnALockAsync(secondPid))
            await Task.Delay(10, Ct);

        await firstTransaction.CommitAsync(Ct);
        var refused = await Record.ExceptionAsync(async () =>
        {
            await secondCheck;
            await secondTransaction.CommitAsync(Ct);
        });

        var error = Assert.IsType<PostgresException>(refused);
        Assert.Equal("ck_tenant_keeps_an_owner", error.ConstraintName);
        Assert.Equal(1L, await Session.CountAsync("""
            users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
            where r.name = 'Owner' and u.is_active
            """));
    }

    private static Task<int> DemoteAsync(DbSession session, Guid userId) =>
        session.ExecuteAsync("update user_roles set role_id = (select id from roles where name = 'Admin') where user_id = @u",
            ("u", userId));

    private static Task CheckNowAsync(DbSession session) => session.ExecuteAsync("set constraints all immediate");

    private async Task<bool> IsWaitingOnALockAsync(int pid) =>
        await Session.ScalarAsync<bool>("select coalesce((select wait_event_type = 'Lock' from pg_stat_activity where pid = @p), false)",
            ("p", pid));
}
