namespace CrmBlazor.Tests.Security;

/// <summary>
/// What an attacker types first: one representative string per sqlmap technique (boolean and time-based
/// blind, UNION, stacked queries, error-based), XSS strings that would set <c>window.__xss</c> if they ever
/// ran, a 100 KB field, a NUL byte and a lone surrogate. <see cref="RawForms"/> are already percent-encoded,
/// for bytes no .NET string holds (invalid UTF-8).
/// </summary>
public static class HostilePayloads
{
    public const string TimeBased = "x' OR 1=(SELECT 1 FROM pg_sleep(5))--";

    public static readonly string[] Sql =
    [
        "demo@crm.local' OR '1'='1' -- ",
        "demo@crm.local' AND 1=1 --",
        TimeBased,
        "x'; SELECT pg_sleep(5); --",
        "x' UNION SELECT password_hash, security_stamp FROM users --",
        "x'; DROP TABLE users; --",
        "x' AND 1=CAST((SELECT version()) AS int) --",
    ];

    public static readonly string[] Xss =
    [
        "<script>window.__xss=1</script>",
        "<img src=x onerror=\"window.__xss=1;alert(1)\">",
        "javascript:window.__xss=1",
        "<svg onload=\"window.__xss=1\"><script>alert(1)</script></svg>",
        "\"><iframe srcdoc=\"<script>parent.__xss=1</script>\">",
    ];

    public static readonly string[] Odd =
    [
        new string('A', 100_000),
        "nul\0byte",
        "lone \uD800 surrogate",
    ];

    public static IEnumerable<string> All => [.. Sql, .. Xss, .. Odd];

    /// <summary>Invalid UTF-8 as it arrives in a form body: an overlong slash, a stray continuation byte, a CESU surrogate.</summary>
    public static readonly string[] RawForms = ["%C0%AFadmin", "%FF%FE%80x", "%ED%A0%80@example.com"];

    /// <summary>A form value percent-encoded; a lone surrogate is sent as its (invalid) UTF-8 bytes.</summary>
    public static string Encode(string value)
    {
        var text = new System.Text.StringBuilder();
        foreach (var ch in value)
            text.Append(char.IsSurrogate(ch) ? $"%{0xE0 | (ch >> 12):X2}%{0x80 | ((ch >> 6) & 0x3F):X2}%{0x80 | (ch & 0x3F):X2}" : Uri.EscapeDataString(ch.ToString()));
        return text.ToString();
    }
}
