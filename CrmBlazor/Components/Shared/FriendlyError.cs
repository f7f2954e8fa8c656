using System.Net.Sockets;
using Npgsql;

namespace CrmBlazor.Components.Shared;

/// <summary>Turns an exception into a sentence a user can act on; never a stack trace.</summary>
public static class FriendlyError
{
    public const string DatabaseUnavailable =
        "CrmBlazor can't reach its database right now. Your data is safe; please try again in a moment.";

    public const string Unexpected =
        "Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell your administrator.";

    public static string Describe(Exception exception) =>
        IsDatabaseUnavailable(exception) ? DatabaseUnavailable : Unexpected;

    /// <summary>True when the database could not be reached at all (stopped, restarting, network).</summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException or TimeoutException) return true;
            if (e is NpgsqlException { IsTransient: true }) return true;
            if (e is PostgresException { SqlState: "57P01" or "57P02" or "57P03" }) return true;
        }
        return false;
    }
}
