using System.Net;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Features.Security;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Hardening;

/// <summary>
/// The account forms' rate limits, on an app with low limits of its own (every other test's app is
/// unlimited): 429 with Retry-After, the friendly page, and a rate_limit.hit audit row.
/// </summary>
public sealed class RateLimitTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CrmAppFactory Limited(params (string Key, string Value)[] limits) =>
        new(database.AppConnectionString, settings: limits.ToDictionary(l => l.Key, l => l.Value));

    private async Task<List<string>> HitsAsync(string where)
    {
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        var details = await owner.ScalarAsync<string>(
            $"select coalesce(string_agg(new_data ->> 'detail', '|' order by id), '') from audit_logs where event = 'rate_limit.hit' and {where}");
        return details.Split('|', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    [Fact]
    public async Task Sign_ins_for_one_email_past_its_limit_get_429_with_Retry_After_and_the_friendly_page()
    {
        await using var app = Limited(("RateLimits:SignInPerEmail:Permits", "2"), ("RateLimits:SignInPerEmail:WindowMinutes", "15"));
        var client = app.CreateClient();

        var first = await AccountForms.PostSignInAsync(client, "nobody.limited@example.com");
        var second = await AccountForms.PostSignInAsync(client, " NOBODY.limited@example.com");
        var third = await AccountForms.PostSignInAsync(client, "nobody.limited@example.com");
        var otherEmail = await AccountForms.PostSignInAsync(client, "someone.else@example.com");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var retryAfter = int.Parse(Assert.Single(third.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 15 * 60);
        var page = WebUtility.HtmlDecode(await third.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Too many attempts — try again in", page);
        Assert.Contains("mud-paper", page);
        Assert.Equal(HttpStatusCode.OK, otherEmail.StatusCode);
        Assert.Contains(await HitsAsync("tenant_id = '00000000-0000-0000-0000-000000000000'"), d => d.StartsWith("sign-in from "));
    }

    [Fact]
    public async Task A_known_users_email_hit_is_audited_in_their_tenant()
    {
        await using (var seeding = new CrmAppFactory(database.AppConnectionString)) await seeding.SeedDemoAsync();
        await using var app = Limited(("RateLimits:SignInPerEmail:Permits", "1"));
        var client = app.CreateClient();

        await AccountForms.PostSignInAsync(client, DemoTenant.Viewer);
        var refused = await AccountForms.PostSignInAsync(client, DemoTenant.Viewer);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotEmpty(await HitsAsync("record_id = (select id from users where normalized_email = upper('victor.viewer@crm.local')) and tenant_id <> '00000000-0000-0000-0000-000000000000'"));
    }

    [Fact]
    public async Task Sign_ins_from_one_address_past_its_limit_are_refused_whatever_the_email()
    {
        await using var app = Limited(("RateLimits:SignInPerIp:Permits", "3"));
        var client = app.CreateClient();

        for (var i = 1; i <= 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await AccountForms.PostSignInAsync(client, $"spray{i}@example.com")).StatusCode);
        var refused = await AccountForms.PostSignInAsync(client, "spray4@example.com");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        // Reading the page is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login", Ct)).StatusCode);
    }

    [Fact]
    public async Task Registration_and_password_reset_are_limited_by_address_each_on_its_own_budget()
    {
        await using var app = Limited(("RateLimits:RegisterPerIp:Permits", "1"), ("RateLimits:PasswordResetPerIp:Permits", "1"));
        var client = app.CreateClient();

        var register = await AccountForms.PostAsync(client, "/Account/Register");
        var registerAgain = await AccountForms.PostAsync(client, "/Account/Register");
        var reset = await AccountForms.PostAsync(client, "/Account/ForgotPassword");
        var resetAgain = await AccountForms.PostAsync(client, "/Account/ForgotPassword");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, register.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, registerAgain.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, reset.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, resetAgain.StatusCode);
        Assert.Contains("Too many attempts", WebUtility.HtmlDecode(await resetAgain.Content.ReadAsStringAsync(Ct)));
        var hits = await HitsAsync("tenant_id = '00000000-0000-0000-0000-000000000000'");
        Assert.Contains(hits, d => d.StartsWith("register from "));
        Assert.Contains(hits, d => d.StartsWith("password-reset from "));
    }

    [Fact]
    public async Task The_test_apps_default_limits_let_the_suite_sign_in_freely()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        var client = app.CreateClient();

        for (var i = 0; i < 12; i++)
            Assert.Equal(HttpStatusCode.OK, (await AccountForms.PostSignInAsync(client, "same.email@example.com")).StatusCode);
    }

    [Fact]
    public async Task Invitations_past_the_tenants_daily_limit_are_refused_with_a_field_message_and_audited()
    {
        await using (var seeding = new CrmAppFactory(database.AppConnectionString)) await seeding.SeedDemoAsync();
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        var sentToday = await owner.ScalarAsync<long>("select count(*) from audit_logs where event = 'user.invite' and changed_at > now() - interval '1 day'");
        var limit = (int)sentToday + 2;
        await using var app = Limited(("RateLimits:InvitationsPerTenantPerDay", limit.ToString()));
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Owner);
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        InviteForm Invite(int n) => new() { FullName = $"Invitee {n}", Email = $"invitee{n}@example.com", Role = "Member" };

        var results = new List<InviteResult>();
        for (var n = 1; n <= 3; n++) results.Add(await users.InviteAsync(Invite(n), Ct));

        Assert.True(results[0].Succeeded);
        Assert.True(results[1].Succeeded);
        Assert.False(results[2].Succeeded);
        Assert.Equal(InvitationLimit.Refusal(limit), results[2].Errors[nameof(InviteForm.Email)]);
        Assert.Equal(0L, await owner.ScalarAsync<long>("select count(*) from users where email = 'invitee3@example.com'"));
        // (Other tests of this class may have filed sign-in hits in the demo tenant.)
        Assert.Single(await HitsAsync("tenant_id = (select tenant_id from users where normalized_email = 'DEMO@CRM.LOCAL') and new_data ->> 'detail' like 'invitations:%'"));
    }
}
