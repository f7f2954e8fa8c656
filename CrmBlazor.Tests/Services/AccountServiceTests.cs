using CrmBlazor.Features.Account;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class AccountServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    [Fact]
    public async Task A_wrong_current_password_is_refused_and_a_right_one_changes_it_with_an_audit_row()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        // RefreshSignInAsync writes a cookie, as the static page's request would.
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();

        Assert.Equal("The current password is not correct.", await accounts.ChangePasswordAsync("not-my-password", "Brand-new-password-1"));
        Assert.Null(await accounts.ChangePasswordAsync(CrmAppFactory.DemoPassword, "Brand-new-password-1"));

        var signIn = App.Services.CreateAsyncScope();
        await using (signIn)
        {
            var outcome = await signIn.ServiceProvider.GetRequiredService<SignInService>()
                .PasswordSignInAsync(DemoTenant.Member, "Brand-new-password-1", rememberMe: false);
            Assert.True(outcome.Succeeded);
        }
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal(1L, await owner.ScalarAsync<long>(
            "select count(*) from audit_logs a join users u on u.id = a.record_id where a.event = 'password.change' and u.normalized_email = upper(@e)",
            ("e", DemoTenant.Member)));
    }
}
