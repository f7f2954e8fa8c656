using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CrmBlazor.Features.Mail;

/// <summary>Sends one message over SMTP (MailKit), a connection per message: the app sends a few an hour.</summary>
public sealed class MailSender(IOptions<MailOptions> options)
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        var mail = options.Value;
        if (message.From.Count == 0) message.From.Add(new MailboxAddress(mail.FromName, mail.FromAddress));
        using var client = new SmtpClient();
        await client.ConnectAsync(mail.Host, mail.Port, mail.Tls, ct);
        if (!string.IsNullOrEmpty(mail.User)) await client.AuthenticateAsync(mail.User, mail.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
