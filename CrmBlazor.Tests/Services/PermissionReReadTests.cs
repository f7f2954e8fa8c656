using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// PermissionGuard reads the acting user's role and active flag on every write: a demotion or a
/// deactivation made elsewhere holds at the next call, while the caller's snapshot still says Member.
/// </summary>
public sealed class PermissionReReadTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Member_demoted_to_Viewer_in_another_context_is_refused_at_once()
    {
        await using var member = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var guard = member.ServiceProvider.GetRequiredService<PermissionGuard>();
        await guard.DemandAsync(Permission.EditRecords, "contacts.create", Ct);

        await ChangeAsOwnerAsync(DemoTenant.Member, "update user_roles set role_id = (select id from roles where name = 'Viewer') " +
                                 "where user_id = (select id from users where normalized_email = upper(@e))");

        Assert.Equal("Member", member.ServiceProvider.GetRequiredService<ITenantContext>().Role);
        var refused = await Assert.ThrowsAsync<PermissionDeniedException>(() => guard.DemandAsync(Permission.EditRecords, "contacts.create", Ct));
        Assert.Contains("Viewer", refused.Message);
    }

    [Fact]
    public async Task A_deactivated_Member_is_refused_at_once()
    {
        await using var member = await DemoTenant.ActAsAsync(App, OtherMember);
        var guard = member.ServiceProvider.GetRequiredService<PermissionGuard>();
        await guard.DemandAsync(Permission.EditRecords, "contacts.create", Ct);

        await ChangeAsOwnerAsync(OtherMember, "update users set is_active = false where normalized_email = upper(@e)");

        var refused = await Assert.ThrowsAsync<PermissionDeniedException>(() => guard.DemandAsync(Permission.EditRecords, "contacts.create", Ct));
        Assert.Equal(PermissionGuard.NoLongerActive, refused.Message);
    }

    // The tests share the class's demo tenant: each changes its own Member.
    private const string OtherMember = "sam.chen@crm.local";

    private async Task ChangeAsOwnerAsync(string email, string sql)
    {
        await using var owner = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        Assert.Equal(1, await owner.ExecuteAsync(sql, ("e", email)));
    }
}
