using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CrmBlazor.Tests.CircuitState;

/// <summary>
/// A load balancer reduced to what circuit tests need: one address for the browser (so cookies, the page and its
/// circuit's connection all go to one origin) in front of one app node at a time. <see cref="SwitchTo"/> cuts every
/// open connection and sends new ones to another node, as a balancer does when a node goes away; <see cref="TakeDown"/>
/// cuts them and refuses new ones, as when no node answers. TCP only: nginx's HTTP routing is the drills' concern.
/// </summary>
public sealed class SwitchingProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Socket, Socket> open = new();
    private int targetPort;

    public SwitchingProxy(string targetUrl)
    {
        targetPort = new Uri(targetUrl).Port;
        listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    public void SwitchTo(string targetUrl) => Cut(new Uri(targetUrl).Port);

    public void TakeDown() => Cut(0);

    private void Cut(int port)
    {
        Volatile.Write(ref targetPort, port);
        foreach (var (browserSide, nodeSide) in open)
        {
            browserSide.Dispose();
            nodeSide.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true) _ = PipeAsync(await listener.AcceptSocketAsync(stopping.Token));
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    private async Task PipeAsync(Socket browserSide)
    {
        using var _ = browserSide;
        var port = Volatile.Read(ref targetPort);
        if (port == 0) return; // no node: the browser's request fails, as it would at a balancer with none healthy
        using var nodeSide = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await nodeSide.ConnectAsync(IPAddress.Loopback, port, stopping.Token);
            open[browserSide] = nodeSide;
            await Task.WhenAny(CopyAsync(browserSide, nodeSide), CopyAsync(nodeSide, browserSide));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            open.TryRemove(browserSide, out Socket? _);
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, stopping.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, read), stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    public ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Stop();
        Cut(0);
        stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
