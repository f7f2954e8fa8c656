using CrmBlazor.Features.Account;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class UserAdminServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task Inviting_creates_a_user_without_password_with_the_role_and_an_audit_row_and_returns_the_link()
    {
        var email = Fresh("invitee");
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var result = await users.InviteAsync(new InviteForm { Email = email, FullName = "Ivy Invitee", Role = "Viewer" }, Ct);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Values));
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://crm.test/"), result.InvitationPath).Query);
        Assert.StartsWith("Account/AcceptInvitation?", result.InvitationPath);
        Assert.NotEmpty(query["token"].ToString());
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var id = await UserIdAsync(owner, email);
        Assert.Equal(id.ToString(), query["userId"].ToString());
        Assert.Equal("Viewer", await RoleAsync(owner, id));
        Assert.False(await owner.ScalarAsync<bool>("select email_confirmed or password_hash is not null from users where id = @u", ("u", id)));
        Assert.Equal($"{email} as Viewer", await owner.ScalarAsync<string>(
            "select new_data ->> 'detail' from audit_logs where event = 'user.invite' and record_id = @u", ("u", id)));
        var row = Assert.Single(await users.ListAsync(Ct), u => u.Id == id);
        Assert.Equal(UserStatus.Invited, row.Status);
    }

    [Theory]
    [InlineData(UserAdminStep.User)]
    [InlineData(UserAdminStep.Role)]
    [InlineData(UserAdminStep.Audit)]
    public async Task A_failure_after_any_invite_step_leaves_no_row_behind(UserAdminStep failingStep)
    {
        var email = Fresh("doomed");
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        users.AfterStepAsync = step => step == failingStep ? throw new InjectedFailure() : Task.CompletedTask;

        await Assert.ThrowsAsync<InjectedFailure>(() =>
            users.InviteAsync(new InviteForm { Email = email, FullName = "Doomed Invitee", Role = "Member" }, Ct));

        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal(0L, await owner.CountAsync("users where lower(email) = @e", ("e", email)));
        Assert.Equal(0L, await owner.CountAsync("user_roles where user_id not in (select id from users)"));
        // The audit trigger's row for the insert and the user.invite event both name the email.
        Assert.Equal(0L, await owner.CountAsync("audit_logs where new_data::text like '%' || @e || '%'", ("e", email)));
    }

    [Fact]
    public async Task Changing_a_role_takes_effect_with_a_user_role_change_audit_row()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var id = await InviteAsync(users, "Viewer");

        var result = await users.ChangeRoleAsync(id, "Member", Ct);

        Assert.True(result.Succeeded, result.Error);
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal("Member", await RoleAsync(owner, id));
        Assert.Equal("Viewer → Member", await owner.ScalarAsync<string>(
            "select new_data ->> 'detail' from audit_logs where event = 'user.role_change' and record_id = @u", ("u", id)));
    }

    [Fact]
    public async Task A_deactivated_user_is_signed_out_and_cannot_sign_in_until_reactivated()
    {
        const string email = "sam.chen@crm.local";
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var id = await UserIdAsync(owner, email);
        var stampBefore = await owner.ScalarAsync<string>("select security_stamp from users where id = @u", ("u", id));
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        Assert.True((await users.DeactivateAsync(id, await UserIdAsync(owner, DemoTenant.Admin), Ct)).Succeeded);

        Assert.False(await owner.ScalarAsync<bool>("select is_active from users where id = @u", ("u", id)));
        Assert.NotEqual(stampBefore, await owner.ScalarAsync<string>("select security_stamp from users where id = @u", ("u", id)));
        Assert.Equal(1L, await owner.CountAsync("audit_logs where event = 'user.deactivate' and record_id = @u", ("u", id)));
        Assert.False(await SignInAsync(email));

        Assert.True((await users.ReactivateAsync(id, Ct)).Succeeded);

        Assert.Equal(1L, await owner.CountAsync("audit_logs where event = 'user.reactivate' and record_id = @u", ("u", id)));
        Assert.True(await SignInAsync(email));
    }

    [Fact]
    public async Task The_last_active_owner_can_be_neither_demoted_nor_deactivated()
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var id = await UserIdAsync(owner, DemoTenant.Owner);
        // An Owner still invited does not count: they cannot sign in to run the tenant.
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Owner);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        await InviteAsync(users, "Owner");
        var eventsBefore = await owner.CountAsync("audit_logs where record_id = @u", ("u", id));

        Assert.Equal(UserAdminService.LastOwner, (await users.ChangeRoleAsync(id, "Admin", Ct)).Error);
        Assert.Equal(UserAdminService.LastOwner, (await users.DeactivateAsync(id, heirId: null, Ct)).Error);

        Assert.Equal("Owner", await RoleAsync(owner, id));
        Assert.True(await owner.ScalarAsync<bool>("select is_active from users where id = @u", ("u", id)));
        Assert.Equal(eventsBefore, await owner.CountAsync("audit_logs where record_id = @u", ("u", id)));
    }

    [Fact]
    public async Task The_database_keeps_the_last_owner_when_another_change_raced_past_the_check()
    {
        // A tenant of its own, so that taking its owners away disturbs no other test.
        var founderEmail = await App.RegisterAsync("Race Inc", "Fay Founder");
        await using var scope = await DemoTenant.ActAsAsync(App, founderEmail);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var secondOwner = await InviteAsync(users, "Owner");
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        var raced = false;
        users.AfterStepAsync = async step =>
        {
            if (step != UserAdminStep.Audit) return;
            raced = true;
            // Meanwhile someone else demotes the founder, the Owner the check counted on.
            await using var other = await DbSession.OpenAsync(Database.AppConnectionString, tenant.TenantId, tenant.UserId);
            await other.ExecuteAsync("update user_roles set role_id = (select id from roles where name = 'Member') where user_id = @u", ("u", tenant.UserId));
        };

        var result = await users.ChangeRoleAsync(secondOwner, "Member", Ct);

        Assert.True(raced, "the service's own check refused before the Database could");
        Assert.Equal(UserAdminService.LastOwner, result.Error);
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal("Owner", await RoleAsync(owner, secondOwner));
        Assert.Equal(0L, await owner.CountAsync("audit_logs where event = 'user.role_change' and record_id = @u", ("u", secondOwner)));
    }

    [Theory]
    [InlineData(DemoTenant.Member)]
    [InlineData(DemoTenant.Viewer)]
    public async Task Members_and_viewers_are_refused_every_change_and_each_refusal_is_audited(string actor)
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var actorId = await UserIdAsync(owner, actor);
        var target = await UserIdAsync(owner, DemoTenant.Admin);
        var refusalsBefore = await owner.CountAsync("audit_logs where event = 'permission.denied' and changed_by = @u", ("u", actorId));
        await using var scope = await DemoTenant.ActAsAsync(App, actor);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            users.InviteAsync(new InviteForm { Email = Fresh("sneaky"), FullName = "Sneaky", Role = "Admin" }, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.ChangeRoleAsync(target, "Viewer", Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.DeactivateAsync(target, heirId: null, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.ReactivateAsync(target, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.RenewInvitationAsync(target, Ct));

        Assert.Equal(refusalsBefore + 5, await owner.CountAsync("audit_logs where event = 'permission.denied' and changed_by = @u", ("u", actorId)));
        Assert.Equal("Admin", await RoleAsync(owner, target));
        Assert.True(await owner.ScalarAsync<bool>("select is_active from users where id = @u", ("u", target)));
    }

    [Fact]
    public async Task An_admin_can_neither_make_an_owner_nor_change_one()
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var ownerId = await UserIdAsync(owner, DemoTenant.Owner);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var member = await InviteAsync(users, "Member");

        Assert.DoesNotContain("Owner", users.AssignableRoles());
        await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            users.InviteAsync(new InviteForm { Email = Fresh("boss"), FullName = "Would-be Boss", Role = "Owner" }, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.ChangeRoleAsync(member, "Owner", Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.ChangeRoleAsync(ownerId, "Member", Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.DeactivateAsync(ownerId, heirId: null, Ct));

        Assert.Equal("Member", await RoleAsync(owner, member));
        Assert.Equal("Owner", await RoleAsync(owner, ownerId));
        Assert.False(Assert.Single(await users.ListAsync(Ct), u => u.Id == ownerId).CanManage);
    }

    [Fact]
    public async Task An_email_taken_in_this_tenant_is_a_field_error_and_one_taken_elsewhere_is_not_revealed()
    {
        var elsewhere = Fresh("elsewhere");
        await App.RegisterConfirmedAsync(new("Elsewhere Ltd", "Eli Elsewhere", elsewhere, "Elsewhere-password-1"));
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var here = await users.InviteAsync(new InviteForm { Email = "MARIA.LOPEZ@crm.local", FullName = "Copy Cat", Role = "Member" }, Ct);
        Assert.Equal(UserAdminService.DuplicateEmail, here.Errors[nameof(InviteForm.Email)]);

        // Answered as for any new address: another tenant's account is not this tenant's to learn of.
        var other = await users.InviteAsync(new InviteForm { Email = elsewhere, FullName = "Copy Cat", Role = "Member" }, Ct);
        Assert.True(other.Succeeded, string.Join(", ", other.Errors.Values));
    }

    [Fact]
    public async Task The_only_active_owner_or_admin_can_neither_demote_nor_deactivate_themselves()
    {
        // A tenant of its own whose founder is its only administrator; an Admin still invited does not count.
        var founderEmail = await App.RegisterAsync("Solo Ltd", "Sol Solo");
        await using var scope = await DemoTenant.ActAsAsync(App, founderEmail);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        await InviteAsync(users, "Admin");
        var founder = scope.ServiceProvider.GetRequiredService<ITenantContext>().UserId!.Value;

        Assert.Equal(UserAdminService.OnlyAdministrator, (await users.ChangeRoleAsync(founder, "Member", Ct)).Error);
        Assert.Equal(UserAdminService.OnlyAdministrator, (await users.DeactivateAsync(founder, heirId: null, Ct)).Error);

        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal("Owner", await RoleAsync(owner, founder));
        Assert.True(await owner.ScalarAsync<bool>("select is_active from users where id = @u", ("u", founder)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_admin_may_step_down_or_deactivate_themselves_while_an_owner_remains(bool deactivate)
    {
        Guid adminId;
        await using (var asOwner = await DemoTenant.ActAsAsync(App, DemoTenant.Owner))
            adminId = await InviteAsync(asOwner.ServiceProvider.GetRequiredService<UserAdminService>(), "Admin");
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        // As if they had accepted the invitation: an Admin who has not does not count as one.
        await using (var asOwnerInSql = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner))
            Assert.Equal(1, await asOwnerInSql.ExecuteAsync("update users set email_confirmed = true where id = @u", ("u", adminId)));
        var tenantId = await owner.ScalarAsync<Guid>("select tenant_id from users where id = @u", ("u", adminId));
        await using var scope = App.Services.GetRequiredService<TenantScopes>().Begin(new TenantSnapshot(tenantId, adminId, "Admin"));
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var result = deactivate ? await users.DeactivateAsync(adminId, heirId: null, Ct) : await users.ChangeRoleAsync(adminId, "Viewer", Ct);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(deactivate ? "Admin" : "Viewer", await RoleAsync(owner, adminId));
        Assert.Equal(!deactivate, await owner.ScalarAsync<bool>("select is_active from users where id = @u", ("u", adminId)));
    }

    private async Task<Guid> InviteAsync(UserAdminService users, string role)
    {
        var email = Fresh(role.ToLowerInvariant());
        var result = await users.InviteAsync(new InviteForm { Email = email, FullName = $"New {role}", Role = role }, Ct);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Values));
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        return await UserIdAsync(owner, email);
    }

    /// <summary>Signs in through SignInService as a login request would; true when it let the user in.</summary>
    private async Task<bool> SignInAsync(string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<Data.Entities.User>>().Context =
            new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        return (await scope.ServiceProvider.GetRequiredService<SignInService>().PasswordSignInAsync(email, CrmAppFactory.DemoPassword, false)).Succeeded;
    }

    private static Task<Guid> UserIdAsync(DbSession owner, string email) =>
        owner.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", email));

    private static Task<string> RoleAsync(DbSession owner, Guid userId) =>
        owner.ScalarAsync<string>("select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = @u", ("u", userId));

    private static string Fresh(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private sealed class InjectedFailure : Exception;
}
