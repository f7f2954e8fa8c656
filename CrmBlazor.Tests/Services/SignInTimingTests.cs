using System.Diagnostics;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// A sign-in with an email no user has must take as long as one with a wrong password, or the time
/// tells which emails have accounts. A wrong password costs a PBKDF2 hash (tens of milliseconds); an
/// unknown email without the dummy hash costs two small queries, a fraction of that.
/// </summary>
public sealed class SignInTimingTests(CrmDatabase database) : DemoAppTests(database)
{
    private const int Rounds = 15;

    [Fact]
    public async Task An_unknown_email_takes_as_long_as_a_wrong_password()
    {
        var account = new List<double>();
        var nobody = new List<double>();
        for (var round = -2; round < Rounds; round++) // two warm-up rounds, not counted
        {
            var withAccount = await TimeSignInAsync(DemoTenant.Viewer);
            await ForgetFailuresAsync(DemoTenant.Viewer); // stays below the lockout, which would skip the hash
            var withoutAccount = await TimeSignInAsync($"nobody-{round + 2}@crm.local"); // a new email each round, for the same reason
            if (round < 0) continue;
            account.Add(withAccount);
            nobody.Add(withoutAccount);
        }

        var ratio = Median(nobody) / Median(account);
        Assert.True(ratio is > 0.5 and < 2.0,
            $"median {Median(nobody):F1} ms for unknown emails against {Median(account):F1} ms for a wrong password");
    }

    private async Task<double> TimeSignInAsync(string email)
    {
        await using var request = App.Services.CreateAsyncScope();
        request.ServiceProvider.GetRequiredService<SignInManager<User>>().Context = new DefaultHttpContext { RequestServices = request.ServiceProvider };
        var signIn = request.ServiceProvider.GetRequiredService<SignInService>();
        var clock = Stopwatch.StartNew();
        var outcome = await signIn.PasswordSignInAsync(email, "not-the-password", rememberMe: false);
        clock.Stop();
        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.LockedOutUntil);
        return clock.Elapsed.TotalMilliseconds;
    }

    private async Task ForgetFailuresAsync(string email)
    {
        await using var asOwner = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        await asOwner.ExecuteAsync("update users set access_failed_count = 0 where normalized_email = upper(@e)", ("e", email));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
