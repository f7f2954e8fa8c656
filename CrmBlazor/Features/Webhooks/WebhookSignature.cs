using System.Security.Cryptography;
using System.Text;

namespace CrmBlazor.Features.Webhooks;

/// <summary>
/// The <c>Crm-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;"&gt;</c>,
/// keyed with the endpoint's secret as UTF-8. The timestamp is signed with the body, so a receiver
/// that refuses old timestamps refuses a replayed request too.
/// </summary>
public static class WebhookSignature
{
    public static string Header(string secret, long timestamp, byte[] body) => $"t={timestamp},v1={Hex(secret, timestamp, body)}";

    /// <summary>What a receiver does: true when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static bool Verify(string secret, string header, byte[] body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, out var timestamp) || !parts.TryGetValue("v1", out var signature))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hex(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
    }

    private static string Hex(string secret, long timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes($"{timestamp}.").Concat(body).ToArray();
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
