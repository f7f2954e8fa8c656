using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CrmBlazor.Features.Account;

/// <summary>Identity's tokens as they travel in mailed links: base64url, so no character needs escaping.</summary>
public static class LinkTokens
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token, or null when <paramref name="encoded"/> is missing or not base64url.</summary>
    public static string? Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

}
