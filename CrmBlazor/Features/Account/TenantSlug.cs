using System.Security.Cryptography;
using System.Text;

namespace CrmBlazor.Features.Account;

/// <summary>URL-friendly tenant slugs: lower-case ASCII words joined by hyphens (ck_tenants_slug_format).</summary>
public static class TenantSlug
{
    private const int MaxLength = 60;

    public static string From(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var result = slug.ToString().Trim('-');
        if (result.Length > MaxLength) result = result[..MaxLength].TrimEnd('-');
        return result.Length == 0 ? "org" : result;
    }

    public static string WithSuffix(string slug) =>
        $"{slug}-{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 5)}";
}
