using System.Net;
using System.Net.Sockets;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Ports on 127.0.0.1 for what a test starts: a cluster, PgBouncer, an app node, nginx, a receiver.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on now (the system's pick), for something that starts listening on it next.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
