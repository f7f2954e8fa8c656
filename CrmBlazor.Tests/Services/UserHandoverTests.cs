using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// Deactivating a user who owns records in Admin → Users: the records go to the chosen active user in
/// the same transaction, so no live record is left with an owner who cannot sign in.
/// </summary>
public sealed class UserHandoverTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new Member of the demo tenant owning five records: a contact, a company, a deal, an activity and a contact in the trash.</summary>
    private async Task<Guid> LeaverWithRecordsAsync()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        var leaver = await session.AddUserAsync("Member");
        await session.AddCompanyAsync(ownerId: leaver);
        await session.AddContactAsync(ownerId: leaver);
        var pipeline = await session.ScalarAsync<Guid>("select id from pipelines where is_default");
        var stage = await session.ScalarAsync<Guid>("select id from pipeline_stages where pipeline_id = @p order by position limit 1", ("p", pipeline));
        await session.AddDealAsync(new TestPipeline(pipeline, [stage]), ownerId: leaver);
        await session.ExecuteAsync("insert into activities (type, subject, owner_id) values ('call', 'Call', @u)", ("u", leaver));
        await session.ExecuteAsync("insert into contacts (first_name, owner_id, deleted_at) values ('Trashed', @u, now())", ("u", leaver));
        return leaver;
    }

    private static Task<long> OwnedByAsync(DbSession owner, Guid userId) => owner.ScalarAsync<long>("""
        select (select count(*) from contacts where owner_id = @u) + (select count(*) from companies where owner_id = @u)
             + (select count(*) from deals where owner_id = @u) + (select count(*) from activities where owner_id = @u)
        """, ("u", userId));

    private static Task<Guid> UserIdAsync(DbSession owner, string email) =>
        owner.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", email));

    [Fact]
    public async Task The_dialog_is_told_what_the_user_owns_and_who_may_take_it_the_acting_user_first()
    {
        var leaver = await LeaverWithRecordsAsync();
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var handover = await users.HandoverAsync(leaver, Ct);

        Assert.Equal(new OwnedCounts(Contacts: 2, Companies: 1, Deals: 1, Activities: 1), handover.Owned);
        Assert.Equal("2 contacts, 1 company, 1 deal and 1 activity", handover.Owned.Describe());
        Assert.Equal("Alex Admin", handover.Heirs[0].Name);
        Assert.DoesNotContain(handover.Heirs, h => h.Id == leaver);
    }

    [Fact]
    public async Task Deactivating_hands_every_record_to_the_chosen_user_in_the_same_transaction_audited()
    {
        var leaver = await LeaverWithRecordsAsync();
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var maria = await UserIdAsync(owner, DemoTenant.Member);
        var mariaOwned = await OwnedByAsync(owner, maria);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var result = await users.DeactivateAsync(leaver, maria, Ct);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(0L, await OwnedByAsync(owner, leaver));
        Assert.Equal(mariaOwned + 5, await OwnedByAsync(owner, maria));
        Assert.False(await owner.ScalarAsync<bool>("select is_active from users where id = @u", ("u", leaver)));
        Assert.Equal("5 records handed over to Maria Lopez", await owner.ScalarAsync<string>(
            "select new_data ->> 'detail' from audit_logs where event = 'user.deactivate' and record_id = @u", ("u", leaver)));
        // Each record's change of owner is in its own history, by the row triggers.
        Assert.Equal(5L, await owner.CountAsync("""
            audit_logs where action = 'update' and table_name in ('contacts', 'companies', 'deals', 'activities')
              and old_data ->> 'owner_id' = @l and new_data ->> 'owner_id' = @m
            """, ("l", leaver.ToString()), ("m", maria.ToString())));
    }

    [Fact]
    public async Task Without_an_heir_or_with_one_who_cannot_sign_in_the_deactivation_is_refused_and_nothing_changes()
    {
        var leaver = await LeaverWithRecordsAsync();
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Guid gone;
        await using (var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner))
            gone = await session.AddUserAsync("Member", isActive: false);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        Assert.Equal(UserAdminService.ChooseHeir, (await users.DeactivateAsync(leaver, heirId: null, Ct)).Error);
        Assert.Equal(UserAdminService.HeirUnavailable, (await users.DeactivateAsync(leaver, gone, Ct)).Error);
        Assert.Equal(UserAdminService.HeirUnavailable, (await users.DeactivateAsync(leaver, leaver, Ct)).Error);

        Assert.Equal(5L, await OwnedByAsync(owner, leaver));
        Assert.True(await owner.ScalarAsync<bool>("select is_active from users where id = @u", ("u", leaver)));
    }

    [Theory]
    [InlineData(UserAdminStep.Handover)]
    [InlineData(UserAdminStep.User)]
    [InlineData(UserAdminStep.Audit)]
    public async Task A_failure_after_any_step_leaves_the_records_and_the_user_as_they_were(UserAdminStep failingStep)
    {
        var leaver = await LeaverWithRecordsAsync();
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var maria = await UserIdAsync(owner, DemoTenant.Member);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        users.AfterStepAsync = step => step == failingStep ? throw new InjectedFailure() : Task.CompletedTask;

        await Assert.ThrowsAsync<InjectedFailure>(() => users.DeactivateAsync(leaver, maria, Ct));

        Assert.Equal(5L, await OwnedByAsync(owner, leaver));
        Assert.True(await owner.ScalarAsync<bool>("select is_active from users where id = @u", ("u", leaver)));
        Assert.Equal(0L, await owner.CountAsync("audit_logs where event = 'user.deactivate' and record_id = @u", ("u", leaver)));
    }

    [Fact]
    public async Task A_user_who_owns_nothing_is_deactivated_without_an_heir()
    {
        Guid idle;
        await using (var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner))
            idle = await session.AddUserAsync("Viewer");
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        Assert.Equal(0, (await users.HandoverAsync(idle, Ct)).Owned.Total);
        Assert.True((await users.DeactivateAsync(idle, heirId: null, Ct)).Succeeded);
    }

    private sealed class InjectedFailure : Exception;
}
