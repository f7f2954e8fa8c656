using System.Security.Cryptography;

namespace CrmBlazor.Features.Security;

/// <summary>
/// The request's Content-Security-Policy nonce: fresh for every response, so a script tag an attacker
/// manages to inject cannot carry it. App.razor puts it on the one inline script (the import map).
/// </summary>
public sealed class CspNonce
{
    public string Value { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
}
