namespace CrmBlazor.Features.Api.Keys;

public enum ApiKeyStatus { Active, Expired, Revoked }

/// <summary>
/// One line of the API keys list. The secret is never here (only its hash is stored): <see cref="Prefix"/>
/// is what tells keys apart, shown as <c>crm_&lt;prefix&gt;…</c>.
/// </summary>
public sealed record ApiKeyRow(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, ApiKeyStatus Status)
{
    public string Shown => $"crm_{Prefix}…";
}
