using CrmBlazor.Features.Account;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class InvitationServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task Accepting_sets_the_password_confirms_the_email_and_the_link_then_stops_working()
    {
        var (email, link) = await InviteAsync();
        Assert.Equal("Acme Demo", (await OpenAsync(link))?.Organization);

        var accepted = await AcceptAsync(link, "Accepted-password-1");

        Assert.True(accepted.Succeeded);
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.True(await owner.ScalarAsync<bool>(
            "select email_confirmed and password_hash is not null from users where normalized_email = upper(@e)", ("e", email)));
        Assert.Equal(1L, await owner.CountAsync(
            "audit_logs a join users u on u.id = a.record_id where a.event = 'user.invite_accepted' and u.normalized_email = upper(@e)", ("e", email)));
        Assert.Null(await OpenAsync(link));
        Assert.True((await AcceptAsync(link, "Second-password-1")).LinkInvalid);
    }

    [Fact]
    public async Task A_refused_password_is_reported_and_the_link_keeps_working()
    {
        var (_, link) = await InviteAsync();

        var refused = await AcceptAsync(link, "short");

        Assert.False(refused.LinkInvalid);
        Assert.NotNull(refused.PasswordError);
        Assert.True((await AcceptAsync(link, "Long-enough-password-1")).Succeeded);
    }

    [Fact]
    public async Task A_new_link_replaces_the_old_one()
    {
        var (email, oldLink) = await InviteAsync();
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var id = await owner.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", email));
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);

        var renewed = await scope.ServiceProvider.GetRequiredService<UserAdminService>().RenewInvitationAsync(id, Ct);

        Assert.True(renewed.Succeeded, renewed.Error);
        Assert.Null(await OpenAsync(oldLink));
        Assert.NotNull(await OpenAsync(renewed.InvitationPath!));
        Assert.Equal(1L, await owner.CountAsync("audit_logs where event = 'user.invite_renew' and record_id = @u", ("u", id)));
    }

    [Theory]
    [InlineData("not-base64-!!")]
    [InlineData("")]
    public async Task A_made_up_token_is_no_invitation(string token)
    {
        var (email, _) = await InviteAsync();

        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        var id = await owner.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", email));
        Assert.Null(await OpenAsync($"Account/AcceptInvitation?userId={id}&token={token}"));
    }

    private async Task<(string Email, string Link)> InviteAsync()
    {
        var email = $"invitee-{Guid.NewGuid():N}@example.com";
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var result = await scope.ServiceProvider.GetRequiredService<UserAdminService>()
            .InviteAsync(new InviteForm { Email = email, FullName = "Ivy Invitee", Role = "Member" }, Ct);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Values));
        return (email, result.InvitationPath!);
    }

    private async Task<Invitation?> OpenAsync(string link)
    {
        var (userId, token) = Parse(link);
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationService>().OpenAsync(userId, token, Ct);
    }

    private async Task<AcceptResult> AcceptAsync(string link, string password)
    {
        var (userId, token) = Parse(link);
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationService>().AcceptAsync(userId, token, password, Ct);
    }

    private static (Guid? UserId, string Token) Parse(string link)
    {
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://crm.test/"), link).Query);
        return (Guid.TryParse(query["userId"], out var id) ? id : null, query["token"].ToString());
    }
}
