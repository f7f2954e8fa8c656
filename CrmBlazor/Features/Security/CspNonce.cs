using System.Security.Cryptography;

namespace CrmBlazor.Features.Security;

/// <summary>
/// The request's Content-Security-Policy nonce: fresh for every response, so a script tag an attacker
/// manages to inject cannot carry it. App.razor puts it on the one inline script (the import map). Hex, not
/// base64: Razor writes a '+' in an attribute as "&#x2B;", so the page's HTML would not show the header's value.
/// </summary>
public sealed class CspNonce
{
    public string Value { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
}
