using CrmBlazor.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Tokens of "forgot password" links: valid for <see cref="ValidFor"/>, much shorter than the default
/// provider's lifespan, which invitations and email confirmations use. A reset changes the security
/// stamp, so a link works once.
/// </summary>
public sealed class PasswordResetTokenProvider(
    IDataProtectionProvider protection, IOptions<PasswordResetTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<User>> logger)
    : DataProtectorTokenProvider<User>(protection, options, logger)
{
    public const string ProviderName = "PasswordReset";
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(2);
}

public sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public PasswordResetTokenProviderOptions()
    {
        Name = PasswordResetTokenProvider.ProviderName;
        TokenLifespan = PasswordResetTokenProvider.ValidFor;
    }
}
