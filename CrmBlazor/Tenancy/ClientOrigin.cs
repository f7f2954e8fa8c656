using System.Net;

namespace CrmBlazor.Tenancy;

/// <summary>
/// Where a request or circuit comes from: the client's address and its browser's user agent. The
/// database stamps both on every audit row it writes (app.client_ip, app.user_agent); nothing else
/// reads them. Behind a proxy the address is the proxy's unless forwarded headers are configured.
/// </summary>
public sealed record ClientOrigin(string? Ip, string? UserAgent)
{
    /// <summary>audit_logs.user_agent's length: longer agents are cut (the database cuts them too).</summary>
    public const int UserAgentLength = 512;

    /// <summary>No request behind the work: background jobs, the maintenance runner, tests.</summary>
    public static readonly ClientOrigin Unknown = new(null, null);

    public static ClientOrigin Of(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        // An API call's audit rows name its key: the key acts as its creator, and this tells the two apart.
        if (http.User.FindFirst(CrmClaims.ApiKeyPrefix)?.Value is { } prefix)
            agent = agent.Length == 0 ? $"API key crm_{prefix}" : $"API key crm_{prefix}; {agent}";
        return new(InetText(http.Connection.RemoteIpAddress),
            agent.Length == 0 ? null : agent[..Math.Min(agent.Length, UserAgentLength)]);
    }

    /// <summary>
    /// The address as PostgreSQL's inet reads it: IPv4 clients of a dual-stack socket as IPv4, and no
    /// IPv6 zone ("%eth0"), which inet refuses.
    /// </summary>
    private static string? InetText(IPAddress? address) => address switch
    {
        null => null,
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => new IPAddress(address.GetAddressBytes()).ToString(),
        _ => address.ToString(),
    };
}
