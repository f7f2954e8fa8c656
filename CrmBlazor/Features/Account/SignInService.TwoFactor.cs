using System.Security.Claims;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account.Passkeys;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Features.Account;

public sealed record PendingTwoFactor(Guid UserId, Guid TenantId);

// The second step of a sign-in, and passkeys. Identity keeps the user who gave the right password in
// its two-factor cookie; this one also names their tenant, so the next request can act for it (row-level
// security hides the user from a request without one). The cookie is data-protected like the sign-in cookie.
public sealed partial class SignInService
{
    private async Task RememberPendingTwoFactorAsync(User user)
    {
        var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        identity.AddClaim(new Claim(ClaimTypes.Name, user.Id.ToString()));
        identity.AddClaim(new Claim(CrmClaims.TenantId, user.TenantId.ToString()));
        await signInManager.Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Who gave the right password and still owes a code; null when nobody does (the cookie expired or was never set).</summary>
    public async Task<PendingTwoFactor?> PendingTwoFactorAsync()
    {
        var pending = (await signInManager.Context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme)).Principal;
        return Guid.TryParse(pending?.FindFirstValue(ClaimTypes.Name), out var userId)
               && Guid.TryParse(pending.FindFirstValue(CrmClaims.TenantId), out var tenantId)
            ? new PendingTwoFactor(userId, tenantId)
            : null;
    }

    /// <summary>The second step with a code from the authenticator app, or with one of the user's recovery codes (each works once).</summary>
    public async Task<SignInOutcome> TwoFactorSignInAsync(string code, bool rememberMe, bool isRecoveryCode)
    {
        if (await PendingTwoFactorAsync() is not { } pending)
            return new(false, null);

        await using var inTenant = scopes.Begin(new TenantSnapshot(pending.TenantId, null, null), request.Origin);
        var db = inTenant.ServiceProvider.GetRequiredService<CrmDbContext>();
        var signIn = SignInManagerIn(inTenant);
        var user = await signIn.UserManager.FindByIdAsync(pending.UserId.ToString());
        if (user is null || !user.IsActive || user.DeletedAt is not null)
        {
            await RecordAsync(db, "login.failed", pending.UserId, "inactive");
            return new(false, null);
        }

        var typed = code.Replace(" ", "").Replace("-", "");
        var result = isRecoveryCode
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code.Replace(" ", ""))
            : await signIn.TwoFactorAuthenticatorSignInAsync(typed, rememberMe, rememberClient: false);
        if (result.Succeeded)
        {
            await RecordSignInAsync(user, isRecoveryCode ? "recovery_code" : "authenticator");
            return new(true, null);
        }
        await RecordAsync(db, "login.two_factor_failed", user.Id, result.IsLockedOut ? "locked_out" : isRecoveryCode ? "recovery_code" : "authenticator");
        return new(false, result.IsLockedOut ? user.LockoutEnd : null);
    }

    /// <summary>WebAuthn request options for a discoverable passkey: no email asked, so nothing to tell an account by.</summary>
    public Task<string> MakePasskeyRequestOptionsAsync() => signInManager.MakePasskeyRequestOptionsAsync(null);

    /// <summary>
    /// Signs in with the passkey the browser chose. Its credential id names the user (and so the tenant,
    /// through crm_find_user_for_passkey); Identity then checks the signature acting for that tenant.
    /// A passkey is both factors at once, so no code follows.
    /// </summary>
    public async Task<SignInOutcome> PasskeySignInAsync(string credentialJson)
    {
        var owner = PasskeyCredential.IdOf(credentialJson) is { } credentialId
            ? await PasskeyLookup.FindOwnerAsync(dbFactory, credentialId)
            : null;
        if (owner is null)
        {
            securityLog.LogWarning("login.failed: a passkey no user has");
            return new(false, null);
        }

        await using var inTenant = scopes.Begin(new TenantSnapshot(owner.TenantId, null, null), request.Origin);
        var db = inTenant.ServiceProvider.GetRequiredService<CrmDbContext>();
        var signIn = SignInManagerIn(inTenant);
        var user = await signIn.UserManager.FindByIdAsync(owner.UserId.ToString());
        if (user is null || !user.IsActive || user.DeletedAt is not null)
        {
            await RecordAsync(db, "login.failed", owner.UserId, "inactive");
            return new(false, null);
        }

        var result = await signIn.PasskeySignInAsync(credentialJson);
        if (result.Succeeded)
        {
            await RecordSignInAsync(user, "passkey");
            return new(true, null);
        }
        await RecordAsync(db, "login.failed", user.Id, result.IsLockedOut ? "locked_out" : "passkey");
        return new(false, result.IsLockedOut ? user.LockoutEnd : null);
    }
}
