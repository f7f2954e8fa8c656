using System.Threading.Channels;
using MimeKit;

namespace CrmBlazor.Features.Mail;

/// <summary>
/// Mail the account pages send, delivered in the background: a page answers at once and in the same
/// time whether or not it mailed anyone (an answer that waited on SMTP would tell which emails exist).
/// A message still queued when the app stops is lost; the pages offer to send it again.
/// </summary>
public sealed class MailOutbox
{
    private readonly Channel<MimeMessage> queue = Channel.CreateUnbounded<MimeMessage>(new() { SingleReader = true });

    public void Post(MimeMessage message) => queue.Writer.TryWrite(message);

    internal ChannelReader<MimeMessage> Reader => queue.Reader;
}

/// <summary>Drains the <see cref="MailOutbox"/>; a message SMTP refuses is logged and dropped.</summary>
public sealed class MailDelivery(MailOutbox outbox, MailSender sender, ILogger<MailDelivery> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await sender.SendAsync(message, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Mail \"{Subject}\" could not be sent", message.Subject);
            }
        }
    }
}
