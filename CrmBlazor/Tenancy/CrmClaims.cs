namespace CrmBlazor.Tenancy;

/// <summary>Claim types CrmBlazor adds to Identity's own.</summary>
public static class CrmClaims
{
    public const string TenantId = "crm:tenant_id";
    public const string FullName = "crm:full_name";

    /// <summary>The user_sessions row a sign-in cookie belongs to: revoking the row ends the cookie.</summary>
    public const string SessionId = "crm:session_id";
}
