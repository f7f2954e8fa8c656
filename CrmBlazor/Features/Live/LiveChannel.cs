using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CrmBlazor.Features.Live;

/// <summary>
/// The one NOTIFY channel of every live view (the board now; import progress can join it), so a node holds one
/// LISTEN connection (<see cref="LiveListener"/>) however many views it serves. A message is "KIND:BODY": the kind
/// names the view it is for, and the body names what changed by ids only, far below NOTIFY's 8000-byte payload limit.
/// </summary>
public static class LiveChannel
{
    public const string Name = "crm_live";

    /// <summary>
    /// NOTIFY on <paramref name="db"/>'s connection: inside its transaction when it has one, so listeners hear of it at
    /// commit and never of a rollback; else at once. It takes no session state, so it works through PgBouncer too.
    /// </summary>
    public static Task NotifyAsync(DatabaseFacade db, string message, CancellationToken ct) =>
        db.ExecuteSqlAsync($"SELECT pg_notify({Name}, {message})", ct);

    /// <summary>The message for a view of <paramref name="kind"/> that says <paramref name="body"/>.</summary>
    public static string Message(string kind, string body) => kind + ":" + body;

    /// <summary>Splits a message into its kind and body; false for one that is not "KIND:BODY".</summary>
    public static bool TryRead(string message, out string kind, out string body)
    {
        var colon = message.IndexOf(':');
        (kind, body) = colon > 0 ? (message[..colon], message[(colon + 1)..]) : ("", "");
        return colon > 0;
    }
}
