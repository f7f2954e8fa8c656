using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>The few raw commands the data generators, checks and hand-tuned baselines run.</summary>
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

    /// <summary>Reads every row of every result set (as a caller would) and says how many there were.</summary>
    public static async Task<int> ReadAllAsync(NpgsqlCommand command)
    {
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync()) rows++;
        } while (await reader.NextResultAsync());
        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
