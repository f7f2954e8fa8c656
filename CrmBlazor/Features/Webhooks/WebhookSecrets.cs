using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CrmBlazor.Features.Webhooks;

/// <summary>
/// Endpoint secrets: made here (whsec_ and 32 random bytes), shown once, and stored encrypted with the
/// app's data protection keys (the key ring in the database), so every node can sign with them.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("CrmBlazor.Webhooks.Secret.v1");

    public static string New() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string stored) => protector.Unprotect(stored);
}
