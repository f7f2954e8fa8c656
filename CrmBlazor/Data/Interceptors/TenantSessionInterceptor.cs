using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmBlazor.Data.Interceptors;

/// <summary>
/// Sets <c>app.tenant_id</c> and <c>app.user_id</c> on every connection EF opens, to the tenant the
/// opening context acts for. Always overwrites, with '' when there is none, because pooled
/// connections are reused across tenants; the row-level security policies read these settings and
/// see nothing when they are empty.
/// </summary>
public sealed class TenantSessionInterceptor : DbConnectionInterceptor
{
    public static readonly TenantSessionInterceptor Instance = new();

    private const string Sql = "select set_config('app.tenant_id', @t, false), set_config('app.user_id', @u, false)";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = CreateCommand(connection, eventData);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = CreateCommand(connection, eventData);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand CreateCommand(DbConnection connection, ConnectionEndEventData eventData)
    {
        var tenant = (eventData.Context as CrmDbContext)?.TenantContext;
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        AddParameter(command, "t", tenant?.TenantId?.ToString() ?? "");
        AddParameter(command, "u", tenant?.UserId?.ToString() ?? "");
        return command;
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
