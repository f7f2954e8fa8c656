using CrmBlazor.Features.Account;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Audit;

/// <summary>
/// The events the audit log used to miss: sign-ins with an unknown email (no tenant), password changes by
/// any path, refusals; each with the address and user agent of the request or circuit behind it.
/// </summary>
public sealed class AuditGapTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly ClientOrigin From = new("203.0.113.7", "AuditGapTests/1.0 (X11; Linux)");
    private const string NoTenant = "00000000-0000-0000-0000-000000000000";

    [Fact]
    public async Task A_sign_in_with_an_unknown_email_is_kept_where_only_the_operator_reads_it()
    {
        var email = $"nobody-{Guid.NewGuid():N}@nowhere.example";
        await using (var request = App.Services.CreateAsyncScope())
        {
            request.ServiceProvider.GetRequiredService<TenantContext>().CameFrom(From);
            Assert.False((await request.ServiceProvider.GetRequiredService<SignInService>().PasswordSignInAsync(email, "whatever-1", false)).Succeeded);
        }

        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal($"{NoTenant} login.failed unknown_email {email} 203.0.113.7 AuditGapTests/1.0 (X11; Linux)", await owner.ScalarAsync<string>("""
            select format('%s %s %s %s %s %s', tenant_id, event, new_data ->> 'detail', new_data ->> 'email', host(client_ip), user_agent)
            from audit_logs where new_data ->> 'email' = @e
            """, ("e", email)));

        // No tenant's session reads it, through the table or the log's search; the purge walks tenants and leaves it.
        await using var demo = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        Assert.Equal(0L, await demo.ScalarAsync<long>("select count(*) from audit_logs where new_data ->> 'email' = @e", ("e", email)));
        Assert.Equal(0L, await demo.ScalarAsync<long>("""
            select count(*) from crm_audit_search(null, 'event', 'login.failed', null, null, null, null, 0, null, null) s
            join audit_logs l on l.id = s.id where l.tenant_id <> current_setting('app.tenant_id')::uuid
            """));
        await owner.ExecuteAsync("select crm_purge_audit()");
        Assert.Equal(1L, await owner.ScalarAsync<long>("select count(*) from audit_logs where new_data ->> 'email' = @e", ("e", email)));
    }

    [Fact]
    public async Task Changing_ones_password_records_one_password_change_from_where_it_was_made()
    {
        await using (var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member))
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().CameFrom(From);
            // RefreshSignInAsync writes a cookie, as the static page's request would.
            scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            Assert.Null(await scope.ServiceProvider.GetRequiredService<AccountService>().ChangePasswordAsync(CrmAppFactory.DemoPassword, "Changed-password-1"));
        }

        Assert.Equal(["changed 203.0.113.7 AuditGapTests/1.0 (X11; Linux)"], await PasswordEventsAsync(DemoTenant.Member));
    }

    [Fact]
    public async Task An_accepted_invitation_records_the_first_password_as_set()
    {
        var email = $"invitee-{Guid.NewGuid():N}@example.com";
        string link;
        await using (var admin = await DemoTenant.ActAsAsync(App, DemoTenant.Admin))
            link = (await admin.ServiceProvider.GetRequiredService<UserAdminService>()
                .InviteAsync(new InviteForm { Email = email, FullName = "Ivy Invitee", Role = "Member" }, Ct)).InvitationPath!;
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://crm.test/"), link).Query);

        await using (var request = App.Services.CreateAsyncScope())
        {
            request.ServiceProvider.GetRequiredService<TenantContext>().CameFrom(From);
            Assert.True((await request.ServiceProvider.GetRequiredService<InvitationService>()
                .AcceptAsync(Guid.Parse(query["userId"]!), query["token"], "Accepted-password-1", Ct)).Succeeded);
        }

        Assert.Equal(["set 203.0.113.7 AuditGapTests/1.0 (X11; Linux)"], await PasswordEventsAsync(email));
    }

    [Fact]
    public async Task A_password_hash_written_by_any_other_path_is_recorded_too()
    {
        await using (var viewer = await DemoTenant.OpenSessionAsync(App, DemoTenant.Viewer))
            await viewer.ExecuteAsync("update users set password_hash = 'written-by-hand' where normalized_email = upper(@e)", ("e", DemoTenant.Viewer));

        Assert.Equal(["changed"], await PasswordEventsAsync(DemoTenant.Viewer));
    }

    [Fact]
    public async Task A_refused_action_is_recorded_as_permission_denied_with_the_action_and_where_it_came_from()
    {
        await using (var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Viewer))
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().CameFrom(From);
            await Assert.ThrowsAsync<PermissionDeniedException>(() =>
                scope.ServiceProvider.GetRequiredService<ContactService>().CreateAsync(new ContactForm { LastName = "Refused" }, Ct));
        }

        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal("contacts.create 203.0.113.7 AuditGapTests/1.0 (X11; Linux)", await owner.ScalarAsync<string>("""
            select format('%s %s %s', a.new_data ->> 'detail', host(a.client_ip), a.user_agent)
            from audit_logs a join users u on u.id = a.changed_by
            where a.event = 'permission.denied' and u.normalized_email = upper(@e)
            """, ("e", DemoTenant.Viewer)));
    }

    private async Task<string[]> PasswordEventsAsync(string email)
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        return (await owner.ScalarAsync<string[]>("""
            select coalesce(array_agg(rtrim(format('%s %s %s', a.new_data ->> 'detail', host(a.client_ip), a.user_agent)) order by a.id), '{}')
            from audit_logs a join users u on u.id = a.record_id
            where a.event = 'password.change' and u.normalized_email = upper(@e)
            """, ("e", email)));
    }
}
