namespace CrmBlazor.Data.Entities;

/// <summary>An API key: only its prefix (to find it) and a hash of the secret are stored.</summary>
public class ApiKey : TenantEntity
{
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public string[] Scopes { get; set; } = [];
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
