using System.Net;
using System.Net.Sockets;

namespace CrmBlazor.Features.Webhooks;

/// <summary>
/// Server-side request forgery: a webhook URL makes the server send requests where an admin says, so
/// outside Development it may not reach the server's own network. Refused: loopback, private (RFC 1918,
/// fc00::/7), link-local (169.254/16 with the cloud metadata address, fe80::/10), shared (100.64/10),
/// unspecified, multicast and reserved addresses. Checked when an endpoint is saved (a message next to
/// the field) and again on every connection (<see cref="ConnectAsync"/>), because the name may resolve
/// elsewhere by then (DNS rebinding).
/// </summary>
public static class WebhookAddresses
{
    public const string NotHttp = "Enter the address that receives the events, starting with https:// or http://.";

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and < 128,
                169 => b[1] == 254,
                172 => b[1] is >= 16 and < 32,
                192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
                198 => b[1] is 18 or 19,
                >= 224 => true,
                _ => false,
            };
        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC
            // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes.
            || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && IsForbidden(new IPAddress(b[12..])));
    }

    /// <summary>The sentence refusing <paramref name="url"/> as a webhook address, or null when it may be used.</summary>
    public static async Task<string?> RefusalAsync(string url, bool allowPrivate, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            return NotHttp;
        if (allowPrivate) return null;
        try
        {
            var addresses = await ResolveAsync(uri.IdnHost, ct);
            return addresses.FirstOrDefault(IsForbidden) is { } forbidden ? Forbidden(uri.Host, forbidden) : null;
        }
        catch (SocketException)
        {
            return $"No address could be found for {uri.Host}. Check the spelling.";
        }
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: connects only when every address the host resolves to now is allowed.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct);
        if (addresses.FirstOrDefault(IsForbidden) is { } forbidden)
            throw new WebhookAddressRefusedException(Forbidden(host, forbidden));
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    private static string Forbidden(string host, IPAddress address) =>
        $"{host} points at {address}, a private, loopback or link-local address. Webhooks may only go to public addresses.";
}

/// <summary>A connection refused because the host resolved to an address webhooks may not reach.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
