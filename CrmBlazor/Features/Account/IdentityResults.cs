using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Features.Account;

public static class IdentityResults
{
    /// <summary>
    /// For Identity calls that should not fail once the input was validated: a failure is a bug or a
    /// race, so it stops the surrounding transaction instead of being shown as a field error.
    /// </summary>
    public static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
