using System.Net;

namespace CrmBlazor.Data.Entities;

/// <summary>
/// One sign-in of a user: the cookie it issued carries its id (CrmClaims.SessionId). Signing it out sets
/// <see cref="RevokedAt"/>, and the cookie is refused at its next check. Last seen is kept to the
/// revalidation interval, not every request.
/// </summary>
public class UserSession : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string? UserAgent { get; set; }
    public IPAddress? ClientIp { get; set; }
    public DateTimeOffset SignedInAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
