using System.Net;
using MimeKit;

namespace CrmBlazor.Features.Mail;

/// <summary>
/// A short mail: a greeting, a few paragraphs and at most one link, as plain text and as simple HTML
/// (every value HTML-encoded, so a name like &lt;script&gt; is text).
/// </summary>
public sealed record MailTemplate(string Subject, string Greeting, IReadOnlyList<string> Paragraphs, string? Link = null, string? LinkText = null)
{
    public MimeMessage ToMessage(string toAddress, string? toName)
    {
        var message = new MimeMessage { Subject = Subject };
        message.To.Add(new MailboxAddress(toName ?? "", toAddress));
        message.Body = new BodyBuilder { TextBody = Text(), HtmlBody = Html() }.ToMessageBody();
        return message;
    }

    private string Text()
    {
        var lines = new List<string> { Greeting, "" };
        foreach (var paragraph in Paragraphs) lines.AddRange([paragraph, ""]);
        if (Link is not null) lines.AddRange([$"{LinkText}: {Link}", ""]);
        lines.Add("— CrmBlazor");
        return string.Join("\n", lines);
    }

    private string Html()
    {
        var html = $"<p>{Encode(Greeting)}</p>" + string.Concat(Paragraphs.Select(p => $"<p>{Encode(p)}</p>"));
        if (Link is not null) html += $"<p><a href=\"{Encode(Link)}\">{Encode(LinkText ?? Link)}</a></p>";
        return $"<!DOCTYPE html><html><body style=\"font-family: sans-serif\">{html}<p>— CrmBlazor</p></body></html>";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
