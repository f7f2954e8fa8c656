using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CrmBlazor.Features.Mail;

/// <summary>
/// An SMTP server on 127.0.0.1 that accepts every message and writes it, as received, to a .eml file in
/// one folder: what <c>./crm run</c> points the app at, and what the tests start in-process.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer server;
    private readonly CancellationTokenSource stop = new();
    private Task running = Task.CompletedTask;

    public int Port { get; }
    public MailFolder Folder { get; }

    private MailSink(int port, string directory)
    {
        Port = port;
        Folder = new MailFolder(directory);
        Directory.CreateDirectory(directory);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("crm-mail-sink")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new EmlStore(directory));
        server = new SmtpServer.SmtpServer(options, services);
    }

    /// <summary>Starts listening on <paramref name="port"/> (0: a free one) and returns once it accepts connections.</summary>
    public static async Task<MailSink> StartAsync(int port, string directory, CancellationToken ct = default)
    {
        var sink = new MailSink(port == 0 ? FreePort() : port, directory);
        sink.running = sink.server.StartAsync(sink.stop.Token);
        await sink.WaitUntilListeningAsync(ct);
        return sink;
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled.</summary>
    public Task RunUntilAsync(CancellationToken ct) => Task.WhenAny(running, Task.Delay(Timeout.Infinite, ct));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await running; }
        catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private async Task WaitUntilListeningAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (running.IsFaulted) await running;
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Yield();
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Writes to a temporary name first, so a reader never sees half a message.</summary>
    private sealed class EmlStore(string directory) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var name = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss.fffffff}-{Guid.NewGuid():N}";
            var partial = Path.Combine(directory, name + ".partial");
            await using (var file = File.Create(partial))
            {
                foreach (var segment in buffer) await file.WriteAsync(segment, cancellationToken);
            }
            File.Move(partial, Path.Combine(directory, name + ".eml"));
            return SmtpResponse.Ok;
        }
    }
}
