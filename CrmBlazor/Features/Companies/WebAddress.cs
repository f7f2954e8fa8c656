using System.Text.RegularExpressions;

namespace CrmBlazor.Features.Companies;

/// <summary>
/// Tidies what people type as a company's website and domain, the same way the database's
/// crm_tidy_company_web_address trigger does (web_addresses.sql): a website without a scheme gets https://, so it
/// is never stored as a relative link; a domain typed as a URL ("https://www.Example.com/path") becomes its host
/// ("example.com"). Imports tidy a domain column the same way (ImportRowMapper.DomainOf).
/// </summary>
public static partial class WebAddress
{
    public const string InvalidWebsite = "Enter a web address like https://example.com.";

    /// <summary>
    /// The website with https:// in front when it has no scheme; other values unchanged, for the form to
    /// refuse: "javascript:…" and "data:…" keep their scheme (and are refused) rather than becoming a
    /// host named "javascript". "example.com:8080" is a host and port, not a scheme.
    /// </summary>
    public static string? Website(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        return Scheme().IsMatch(trimmed) || OtherScheme().IsMatch(trimmed) ? trimmed : "https://" + trimmed;
    }

    /// <summary>The host of a bare domain, a URL or an email address, lower-cased, without "www." or a trailing dot.</summary>
    public static string? Domain(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var host = value.Trim().ToLowerInvariant();
        if (host.LastIndexOf('@') is var at and >= 0) host = host[(at + 1)..];
        host = Scheme().Replace(host, "").Split('/', '?', '#')[0].Split(':')[0];
        host = (host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host).TrimEnd('.');
        return host.Length == 0 ? null : host;
    }

    /// <summary>An absolute http(s) address, the only kind shown as a link.</summary>
    public static bool IsWebLink(string? value) => value is not null && HttpLink().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*://")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:(?![0-9])")]
    private static partial Regex OtherScheme();

    [GeneratedRegex(@"^https?://[^\s/?#]", RegexOptions.IgnoreCase)]
    private static partial Regex HttpLink();
}
