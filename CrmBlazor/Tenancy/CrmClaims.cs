namespace CrmBlazor.Tenancy;

/// <summary>Claim types CrmBlazor adds to Identity's own.</summary>
public static class CrmClaims
{
    public const string TenantId = "crm:tenant_id";
    public const string FullName = "crm:full_name";

    /// <summary>The user_sessions row a sign-in cookie belongs to: revoking the row ends the cookie.</summary>
    public const string SessionId = "crm:session_id";

    /// <summary>An API request's key (its id and its public prefix) and the scopes it holds, one claim each.</summary>
    public const string ApiKeyId = "crm:api_key_id";
    public const string ApiKeyPrefix = "crm:api_key_prefix";
    public const string ApiScope = "crm:api_scope";
}
