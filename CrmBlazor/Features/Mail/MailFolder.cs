using System.Text.RegularExpressions;
using MimeKit;

namespace CrmBlazor.Features.Mail;

/// <summary>One caught message, as the sink wrote it.</summary>
public sealed record SentMail(string To, string Subject, DateTimeOffset SentAt, string Text, IReadOnlyList<string> Links);

/// <summary>Reads back what the <see cref="MailSink"/> wrote into its folder, newest first.</summary>
public sealed partial class MailFolder(string directory)
{
    public string Directory => directory;

    public IReadOnlyList<SentMail> Read(int max = 100)
    {
        if (!System.IO.Directory.Exists(directory)) return [];
        return System.IO.Directory.EnumerateFiles(directory, "*.eml")
            .OrderDescending(StringComparer.Ordinal)
            .Take(max)
            .Select(Parse)
            .ToList();
    }

    /// <summary>
    /// The newest mail to <paramref name="to"/> whose subject contains <paramref name="subject"/> (and, when given,
    /// that is <paramref name="matching"/>: a later one than a mail already seen), once it has arrived.
    /// </summary>
    public async Task<SentMail> WaitForAsync(
        string to, string subject, CancellationToken ct = default, TimeSpan? timeout = null, Func<SentMail, bool>? matching = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        using var arrivals = new FileSystemWatcher(directory) { EnableRaisingEvents = true };
        while (true)
        {
            var changed = arrivals.WaitForChangedAsync(limit.Token);
            if (Read().FirstOrDefault(m => m.To.Equals(to, StringComparison.OrdinalIgnoreCase) && m.Subject.Contains(subject) && (matching?.Invoke(m) ?? true)) is { } mail)
                return mail;
            try
            {
                await changed;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"No mail \"{subject}\" to {to} arrived in {directory}.");
            }
        }
    }

    private static SentMail Parse(string path)
    {
        using var message = MimeMessage.Load(path);
        var text = message.TextBody ?? "";
        return new(
            string.Join(", ", message.To.Mailboxes.Select(m => m.Address)), message.Subject ?? "", message.Date, text,
            Url().Matches(text).Select(m => m.Value).ToList());
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();
}

internal static class FileSystemWatcherWaits
{
    /// <summary>Completes at the next file created or renamed in the watched folder.</summary>
    public static Task WaitForChangedAsync(this FileSystemWatcher watcher, CancellationToken ct)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Created += (_, _) => changed.TrySetResult();
        watcher.Renamed += (_, _) => changed.TrySetResult();
        ct.Register(() => changed.TrySetCanceled(ct));
        return changed.Task;
    }
}
