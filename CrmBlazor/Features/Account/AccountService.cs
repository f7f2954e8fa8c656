using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using static CrmBlazor.Features.Account.IdentityResults;

namespace CrmBlazor.Features.Account;

/// <summary>The signed-in user's own account: their name and password.</summary>
public sealed class AccountService(
    UserManager<User> userManager, SignInManager<User> signInManager, ITenantContext tenant,
    UserAccessChanges accessChanges)
{
    public async Task<string?> GetFullNameAsync() => (await CurrentUserAsync())?.FullName;

    public async Task ChangeFullNameAsync(string fullName)
    {
        var user = await CurrentUserAsync() ?? throw new InvalidOperationException("Not signed in.");
        user.FullName = fullName.Trim();
        ThrowIfFailed(await userManager.UpdateAsync(user));
        await signInManager.RefreshSignInAsync(user);
    }

    /// <summary>Returns null on success, else a sentence for the user.</summary>
    public async Task<string?> ChangePasswordAsync(string oldPassword, string newPassword)
    {
        var user = await CurrentUserAsync() ?? throw new InvalidOperationException("Not signed in.");
        var result = await userManager.ChangePasswordAsync(user, oldPassword, newPassword);
        if (!result.Succeeded)
            return string.Join(" ", result.Errors.Select(e => e.Code == "PasswordMismatch" ? "The current password is not correct." : e.Description));
        // Audited by the database (audit_password_change on users), as every path that changes a password is.
        // The new security stamp ends the user's other sessions on their next request; this one carries on.
        accessChanges.Record(user.Id);
        await signInManager.RefreshSignInAsync(user);
        return null;
    }

    private async Task<User?> CurrentUserAsync() =>
        tenant.UserId is { } id ? await userManager.FindByIdAsync(id.ToString()) : null;
}
