namespace CrmBlazor.Features.Mail;

/// <summary><c>mail-sink [--port N] [--dir FOLDER]</c>: the local SMTP sink, until Ctrl+C or SIGTERM (./crm run starts it).</summary>
public static class MailSinkCommand
{
    public static async Task RunAsync(string[] options)
    {
        var port = 2525;
        var directory = Path.Combine(".data", "mail");
        for (var i = 0; i < options.Length; i += 2)
        {
            var value = options.ElementAtOrDefault(i + 1) ?? throw new ArgumentException($"{options[i]} needs a value");
            switch (options[i])
            {
                case "--port": port = int.Parse(value); break;
                case "--dir": directory = value; break;
                default: throw new ArgumentException($"unknown option '{options[i]}'; the options are --port and --dir");
            }
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        await using var sink = await MailSink.StartAsync(port, directory, stop.Token);
        Console.WriteLine($"Mail sink listening on 127.0.0.1:{sink.Port}, writing to {Path.GetFullPath(directory)}");
        await sink.RunUntilAsync(stop.Token);
    }
}
