using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>The few raw commands the data generators and checks run.</summary>
public static class BenchSql
{
    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, params (string, object)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string, object)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
