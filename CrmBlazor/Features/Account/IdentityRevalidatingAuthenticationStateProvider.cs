using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Re-checks an open circuit's user every <see cref="UserRevalidation.Interval"/>, so a deactivated
/// user, a signed-out session (its user_sessions row revoked) or a changed role stops working within
/// that time even in a browser tab that never reloads.
/// </summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, TenantScopes scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => UserRevalidation.Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A changed role also ends the circuit's sign-in: the next request picks up the new role.
        var (verdict, _) = await UserRevalidation.CheckAsync(scopes, authenticationState.User);
        return verdict == UserRevalidation.Verdict.Current;
    }
}
