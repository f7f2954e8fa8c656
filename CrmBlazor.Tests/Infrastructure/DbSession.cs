using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A raw connection with the session settings the app's interceptor would set, for tests that
/// prove what PostgreSQL itself allows (as crm_app) or that corrupt data on purpose (as crm_owner).
/// </summary>
public sealed class DbSession : IAsyncDisposable
{
    private DbSession(NpgsqlConnection connection) => Connection = connection;

    public NpgsqlConnection Connection { get; }

    public static async Task<DbSession> OpenAsync(string connectionString, Guid? tenantId = null, Guid? userId = null)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var session = new DbSession(connection);
        await session.ActAsAsync(tenantId, userId);
        return session;
    }

    /// <summary>Switches the session to another tenant and user ('' when none, like the app).</summary>
    public async Task ActAsAsync(Guid? tenantId, Guid? userId = null)
    {
        await using var command = new NpgsqlCommand(
            "select set_config('app.tenant_id', @t, false), set_config('app.user_id', @u, false)", Connection);
        command.Parameters.AddWithValue("t", tenantId?.ToString() ?? "");
        command.Parameters.AddWithValue("u", userId?.ToString() ?? "");
        await command.ExecuteNonQueryAsync();
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private NpgsqlCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, Connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
