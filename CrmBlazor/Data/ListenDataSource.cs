using Npgsql;

namespace CrmBlazor.Data;

/// <summary>
/// Where the app's LISTEN connections come from: ConnectionStrings:CrmListen, else ConnectionStrings:Crm. A LISTEN
/// belongs to a session, so behind a transaction-pooling PgBouncer (where Crm points then) it would be lost with the
/// server connection it happened to use: CrmListen points straight at PostgreSQL. NOTIFY needs no such thing and goes
/// the normal way. Each LISTEN holds its connection for as long as it lasts, so these connections are not pooled (a
/// closed one ends its session, and its LISTENs with it), and they name themselves <see cref="ApplicationName"/> in
/// pg_stat_activity unless the connection string names them.
/// </summary>
public sealed class ListenDataSource(NpgsqlDataSource source) : IAsyncDisposable
{
    public const string ApplicationName = "crm-listen";

    /// <summary>Seconds of silence after which a waiting LISTEN connection asks the server whether it is still there.</summary>
    private const int KeepAliveSeconds = 15;

    public static ListenDataSource Create(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("CrmListen") is { Length: > 0 } direct
            ? direct : configuration.GetConnectionString("Crm");
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        settings.ApplicationName ??= ApplicationName;
        // A connection that vanished without a word (a cable, a firewall) is noticed here, not never.
        if (settings.KeepAlive == 0) settings.KeepAlive = KeepAliveSeconds;
        return new(NpgsqlDataSource.Create(settings));
    }

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct) => source.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
