using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace CrmBlazor.Features.Account.Passkeys;

/// <summary>Reads the credential id out of the JSON a browser's navigator.credentials.get() gives (PublicKeyCredential.toJSON()).</summary>
public static class PasskeyCredential
{
    /// <summary>Null when the JSON is not a credential: it came from the client, so anything may arrive.</summary>
    public static byte[]? IdOf(string credentialJson)
    {
        try
        {
            using var json = JsonDocument.Parse(credentialJson);
            return json.RootElement.ValueKind == JsonValueKind.Object
                   && json.RootElement.TryGetProperty("rawId", out var rawId) && rawId.ValueKind == JsonValueKind.String
                ? WebEncoders.Base64UrlDecode(rawId.GetString()!)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }
}
