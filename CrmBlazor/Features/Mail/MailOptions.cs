using MailKit.Security;

namespace CrmBlazor.Features.Mail;

/// <summary>The <c>Mail</c> section of appsettings.json: the SMTP server the app sends through.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;
    public string FromAddress { get; set; } = "crm@localhost";
    public string FromName { get; set; } = "CrmBlazor";
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>None (the local sink), StartTls, SslOnConnect or Auto, as MailKit names them.</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>
    /// The app's public address, which links in mail start with. Set it in production: left empty, links
    /// take the address the request came to, and a forged Host header would then send a reset link elsewhere.
    /// </summary>
    public string? AppUrl { get; set; }

    /// <summary>Where the local SMTP sink writes what it catches; /dev/mail reads it.</summary>
    public string? SinkDirectory { get; set; }

    /// <summary>
    /// Serves /dev/mail outside Development too: <c>./crm run</c> sets it, so a newcomer on the local demo (which runs
    /// as Production) can follow a confirmation, a reset or an invitation without a mail server.
    /// </summary>
    public bool ShowSentMail { get; set; }
}
