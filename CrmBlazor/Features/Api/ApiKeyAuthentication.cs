using System.Security.Claims;
using System.Text.Encodings.Web;
using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Api;

/// <summary>
/// Signs in an API request by its <c>Authorization: Bearer crm_…</c> key. The key acts for its tenant
/// as the user who created it (so PermissionGuard, the audit log and row-level security treat it like
/// that user), and no further than its scopes (<see cref="ApiScopeFilter"/>). A refused key is answered
/// with a 401 problem that says why: unknown, revoked, expired, or its creator no longer active.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string Missing = "Send an API key as 'Authorization: Bearer crm_…'. Admins create keys under Admin → API keys.";
    private string refusal = Missing;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();

        var key = await ApiKeyLookup.FindAsync(dbFactory, header["Bearer ".Length..].Trim(), Context.RequestAborted);
        refusal = key switch
        {
            null => "This API key is not valid.",
            { RevokedAt: not null } => "This API key has been revoked.",
            { ExpiresAt: { } expires } when expires <= clock.GetUtcNow() => $"This API key expired on {expires:yyyy-MM-dd HH:mm} UTC.",
            { UserId: null } or { UserActive: not true } => "The user who created this API key is no longer active; ask an admin for a new key.",
            _ => "",
        };
        if (refusal.Length > 0) return AuthenticateResult.Fail(refusal);

        Claim[] claims =
        [
            new(CrmClaims.TenantId, key!.TenantId.ToString()),
            new(ClaimTypes.NameIdentifier, key.UserId!.Value.ToString()),
            new(ClaimTypes.Role, key.RoleName ?? ""),
            new(CrmClaims.ApiKeyId, key.KeyId.ToString()),
            new(CrmClaims.ApiKeyPrefix, key.Prefix),
            .. key.Scopes.Select(s => new Claim(CrmClaims.ApiScope, s)),
        ];
        Context.Features.Set(key);
        return AuthenticateResult.Success(new(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // RFC 6750: "invalid_token" only when a key was presented; the sentence is in the body (headers are ASCII only).
        Response.Headers.WWWAuthenticate = refusal == Missing ? "Bearer realm=\"crm\"" : "Bearer realm=\"crm\", error=\"invalid_token\"";
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized", refusal);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", "This API key may not do this.");
}
