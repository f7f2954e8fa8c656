using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Records the SQL (and parameters) EF sends, so a test can EXPLAIN exactly what the app runs.</summary>
public sealed class CommandCapture : DbCommandInterceptor
{
    public List<(string Sql, NpgsqlParameter[] Parameters)> Commands { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        if (!command.CommandText.StartsWith("select set_config", StringComparison.Ordinal))
            Commands.Add((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray()));
        return base.ReaderExecutingAsync(command, eventData, result, ct);
    }
}
