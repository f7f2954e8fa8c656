using System.Security.Cryptography;
using System.Text;

namespace CrmBlazor.Features.Api;

/// <summary>
/// An API key as its holder sees it once: <c>crm_&lt;prefix&gt;_&lt;secret&gt;</c>. The prefix is stored
/// in the clear so the list can tell keys apart; the whole key only as its SHA-256 hash. A plain hash
/// (no salt, no slow function) is enough here: the secret is 238 random bits, not a password a
/// dictionary could guess, and the hash must be found by an index lookup on every request.
/// </summary>
public sealed record ApiKeySecret(string Prefix, string Secret)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const int PrefixLength = 10;
    private const int SecretLength = 40;

    public string Text => $"crm_{Prefix}_{Secret}";

    public string Hash => HashOf(Text);

    public static ApiKeySecret New() =>
        new(RandomNumberGenerator.GetString(Alphabet, PrefixLength), RandomNumberGenerator.GetString(Alphabet, SecretLength));

    /// <summary>The stored hash of a presented key: lower-case hex, as ck_api_keys_key_hash requires.</summary>
    public static string HashOf(string presented) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>Whether a presented text has a key's shape at all; anything else is refused without a lookup.</summary>
    public static bool LooksLikeKey(string presented) =>
        presented.Length == 4 + PrefixLength + 1 + SecretLength && presented.StartsWith("crm_", StringComparison.Ordinal)
        && presented[4 + PrefixLength] == '_';
}
