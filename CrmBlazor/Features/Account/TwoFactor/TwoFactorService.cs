using System.Text.Encodings.Web;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account.TwoFactor;

public sealed record TwoFactorStatus(bool Enabled, bool HasAuthenticator, int RecoveryCodesLeft, int Passkeys, bool RequiredByTenant);

public sealed record AuthenticatorSetup(string SharedKey, string QrCodeSvg);

/// <param name="Error">A sentence for the user when the code was not accepted.</param>
/// <param name="RecoveryCodes">New recovery codes to show once, when enabling made the first ones.</param>
public sealed record EnableResult(string? Error, IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// The signed-in user's second factor: the authenticator app (TOTP, RFC 6238) and its recovery codes.
/// Identity keeps the key and the codes in user_tokens (audited without their values); turning
/// two-factor on or off and new codes are security events of their own.
/// </summary>
public sealed class TwoFactorService(
    UserManager<User> userManager, SignInManager<User> signInManager, ITenantContext tenant,
    IDbContextFactory<CrmDbContext> dbFactory)
{
    private const string Issuer = "CrmBlazor";
    public const int RecoveryCodeCount = 10;

    public async Task<TwoFactorStatus> GetStatusAsync()
    {
        var user = await CurrentUserAsync();
        await using var db = await dbFactory.CreateDbContextAsync();
        var passkeys = await db.Set<IdentityUserPasskey<Guid>>().CountAsync(p => p.UserId == user.Id);
        var required = await db.Tenants.Select(t => t.RequireTwoFactor).SingleAsync();
        return new(user.TwoFactorEnabled, await userManager.GetAuthenticatorKeyAsync(user) is not null,
            await userManager.CountRecoveryCodesAsync(user), passkeys, required);
    }

    /// <summary>The shared key (made the first time) in groups of four, and the QR code an authenticator app scans.</summary>
    public async Task<AuthenticatorSetup> GetAuthenticatorSetupAsync()
    {
        var user = await CurrentUserAsync();
        var key = await userManager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await userManager.ResetAuthenticatorKeyAsync(user);
            key = await userManager.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
        }
        var label = UrlEncoder.Default.Encode($"{Issuer}:{user.Email}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={UrlEncoder.Default.Encode(Issuer)}&digits=6";
        return new(FormatKey(key), QrCodeSvg.Render(uri));
    }

    public async Task<EnableResult> EnableAuthenticatorAsync(string code)
    {
        var user = await CurrentUserAsync();
        var typed = code.Replace(" ", "").Replace("-", "");
        if (!await userManager.VerifyTwoFactorTokenAsync(user, userManager.Options.Tokens.AuthenticatorTokenProvider, typed))
            return new("The code is not valid. Check the time on your phone and type the code the app shows now.", []);

        await userManager.SetTwoFactorEnabledAsync(user, true);
        await RecordAsync("two_factor.enabled", user.Id, "authenticator");
        IReadOnlyList<string> codes = [];
        if (await userManager.CountRecoveryCodesAsync(user) == 0)
            codes = await NewRecoveryCodesAsync(user);
        await signInManager.RefreshSignInAsync(user);
        return new(null, codes);
    }

    /// <summary>Returns null when done, else why not (the organization requires a second factor and the user has no passkey).</summary>
    public async Task<string?> DisableAsync()
    {
        var status = await GetStatusAsync();
        if (status.RequiredByTenant && status.Passkeys == 0)
            return "Your organization requires two-factor sign-in: add a passkey first, or reset the authenticator app instead.";
        var user = await CurrentUserAsync();
        await userManager.SetTwoFactorEnabledAsync(user, false);
        await RecordAsync("two_factor.disabled", user.Id);
        await signInManager.RefreshSignInAsync(user);
        return null;
    }

    /// <summary>A new key: the app set up with the old one stops working, and two-factor is off until the new one is confirmed.</summary>
    public async Task ResetAuthenticatorAsync()
    {
        var user = await CurrentUserAsync();
        await userManager.SetTwoFactorEnabledAsync(user, false);
        await userManager.ResetAuthenticatorKeyAsync(user);
        await RecordAsync("two_factor.disabled", user.Id, "authenticator reset");
        await signInManager.RefreshSignInAsync(user);
    }

    /// <summary>New recovery codes (the old ones stop working); null when two-factor is off.</summary>
    public async Task<IReadOnlyList<string>?> GenerateRecoveryCodesAsync()
    {
        var user = await CurrentUserAsync();
        return user.TwoFactorEnabled ? await NewRecoveryCodesAsync(user) : null;
    }

    private async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(User user)
    {
        var codes = (await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await RecordAsync("recovery_codes.generated", user.Id, $"{codes.Count} codes");
        return codes;
    }

    private static string FormatKey(string key) =>
        string.Join(" ", key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));

    private async Task RecordAsync(string eventName, Guid userId, string? detail = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        AuditTrail.Record(db, eventName, userId, "users", detail);
        await db.SaveChangesAsync();
    }

    private async Task<User> CurrentUserAsync() =>
        (tenant.UserId is { } id ? await userManager.FindByIdAsync(id.ToString()) : null)
        ?? throw new InvalidOperationException("Not signed in.");
}
