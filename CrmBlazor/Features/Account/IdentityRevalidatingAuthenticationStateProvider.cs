using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Re-checks an open circuit's user every minute, so a deactivated user or a changed role stops
/// working within a minute even in a browser tab that never reloads.
/// </summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A changed role also ends the circuit's sign-in: the next request picks up the new role.
        await using var scope = scopeFactory.CreateAsyncScope();
        var (verdict, _) = await UserRevalidation.CheckAsync(scope.ServiceProvider, authenticationState.User);
        return verdict == UserRevalidation.Verdict.Current;
    }
}
