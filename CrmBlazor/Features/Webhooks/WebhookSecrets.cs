using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CrmBlazor.Features.Webhooks;

/// <summary>
/// Endpoint secrets: made here (whsec_ and 32 random bytes), shown once, and stored encrypted with the
/// app's data protection keys (the key ring in the database), so every node can sign with them. The
/// dispatcher decrypts an endpoint's secret once, not once per event (keyed by the stored value, so a
/// rotated secret is read afresh).
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    private const int Remembered = 1000;

    private readonly IDataProtector protector = protection.CreateProtector("CrmBlazor.Webhooks.Secret.v1");
    private readonly ConcurrentDictionary<string, string> unprotected = new();

    public static string New() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string stored)
    {
        if (unprotected.TryGetValue(stored, out var secret)) return secret;
        if (unprotected.Count >= Remembered) unprotected.Clear();
        return unprotected[stored] = protector.Unprotect(stored);
    }
}
