using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account.Passkeys;

/// <param name="Id">The credential id, base64url: how the pages name a passkey.</param>
public sealed record PasskeyRow(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>The signed-in user's passkeys: add (after the browser made one), rename, remove. Each change is audited by user_passkeys' trigger.</summary>
public sealed class PasskeyService(
    UserManager<User> userManager, SignInManager<User> signInManager, ITenantContext tenant,
    IDbContextFactory<CrmDbContext> dbFactory)
{
    public const int MaxPasskeys = 10;
    public const int MaxNameLength = 200;

    public async Task<IReadOnlyList<PasskeyRow>> ListAsync()
    {
        var user = await CurrentUserAsync();
        return (await userManager.GetPasskeysAsync(user))
            .Select(p => new PasskeyRow(WebEncoders.Base64UrlEncode(p.CredentialId), p.Name ?? "Unnamed passkey", p.CreatedAt))
            .OrderBy(p => p.CreatedAt).ToList();
    }

    /// <summary>WebAuthn creation options for the signed-in user (Identity keeps the challenge in its two-factor cookie).</summary>
    public async Task<string> MakeCreationOptionsAsync()
    {
        var user = await CurrentUserAsync();
        var email = user.Email ?? user.Id.ToString();
        return await signInManager.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id.ToString(),
            Name = email,
            DisplayName = string.IsNullOrWhiteSpace(user.FullName) ? email : user.FullName,
        });
    }

    /// <summary>Checks and stores the passkey the browser made. Returns null when added, else a sentence for the user.</summary>
    public async Task<string?> AddAsync(string credentialJson)
    {
        var user = await CurrentUserAsync();
        if ((await userManager.GetPasskeysAsync(user)).Count >= MaxPasskeys)
            return $"You already have {MaxPasskeys} passkeys: remove one first.";
        var attestation = await signInManager.PerformPasskeyAttestationAsync(credentialJson);
        if (!attestation.Succeeded)
            return $"The passkey could not be added: {attestation.Failure.Message}";
        attestation.Passkey.Name = "Passkey added " + attestation.Passkey.CreatedAt.ToString("yyyy-MM-dd HH:mm") + " UTC";
        var added = await userManager.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        return added.Succeeded ? null : "The passkey could not be added.";
    }

    /// <summary>Returns null when renamed, else a sentence for the user.</summary>
    public async Task<string?> RenameAsync(string id, string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
            return $"Give the passkey a name of 1 to {MaxNameLength} characters.";
        var user = await CurrentUserAsync();
        if (await FindAsync(user, id) is not { } passkey)
            return "That passkey does not exist any more.";
        passkey.Name = trimmed;
        return (await userManager.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded ? null : "The passkey could not be renamed.";
    }

    public async Task<string?> NameOfAsync(string id) => (await FindAsync(await CurrentUserAsync(), id))?.Name;

    /// <summary>Returns null when removed, else why not (it is the user's only second factor and the organization requires one).</summary>
    public async Task<string?> RemoveAsync(string id)
    {
        var user = await CurrentUserAsync();
        if (await FindAsync(user, id) is not { } passkey)
            return "That passkey does not exist any more.";
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var required = await db.Tenants.Select(t => t.RequireTwoFactor).SingleAsync();
            if (required && !user.TwoFactorEnabled && (await userManager.GetPasskeysAsync(user)).Count == 1)
                return "Your organization requires two-factor sign-in: set up an authenticator app before removing your only passkey.";
        }
        return (await userManager.RemovePasskeyAsync(user, passkey.CredentialId)).Succeeded ? null : "The passkey could not be removed.";
    }

    private async Task<UserPasskeyInfo?> FindAsync(User user, string id)
    {
        byte[] credentialId;
        try { credentialId = WebEncoders.Base64UrlDecode(id); }
        catch (FormatException) { return null; }
        return await userManager.GetPasskeyAsync(user, credentialId);
    }

    private async Task<User> CurrentUserAsync() =>
        (tenant.UserId is { } id ? await userManager.FindByIdAsync(id.ToString()) : null)
        ?? throw new InvalidOperationException("Not signed in.");
}
