using System.Data.Common;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmBlazor.Data.Interceptors;

/// <summary>
/// Sets <c>app.tenant_id</c> and <c>app.user_id</c> on every connection EF opens, to the snapshot the
/// opening context acts for, and <c>app.client_ip</c> and <c>app.user_agent</c> to where its work comes
/// from (the audit entry stamp copies them onto every audit row), and notes on the context what it set (<see cref="SessionTenantCheck"/>
/// compares that before every command). Always overwrites, with '' when there is none, because
/// pooled connections are reused across tenants; the row-level security policies read these
/// settings and see nothing when they are empty.
/// </summary>
public sealed class TenantSessionInterceptor : DbConnectionInterceptor
{
    public static readonly TenantSessionInterceptor Instance = new();

    private const string Sql = """
        select set_config('app.tenant_id', @t, false), set_config('app.user_id', @u, false),
               set_config('app.client_ip', @ip, false), set_config('app.user_agent', @ua, false)
        """;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        var actingFor = ActingFor(eventData);
        using (var command = CreateCommand(connection, actingFor, OriginOf(eventData)))
            command.ExecuteNonQuery();
        Noted(eventData, actingFor);
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var actingFor = ActingFor(eventData);
        await using (var command = CreateCommand(connection, actingFor, OriginOf(eventData)))
            await command.ExecuteNonQueryAsync(cancellationToken);
        Noted(eventData, actingFor);
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Noted(eventData, null);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Noted(eventData, null);
        return Task.CompletedTask;
    }

    private static TenantSnapshot ActingFor(ConnectionEndEventData eventData) =>
        (eventData.Context as CrmDbContext)?.ActingFor ?? TenantSnapshot.Nobody;

    private static ClientOrigin OriginOf(ConnectionEndEventData eventData) =>
        (eventData.Context as CrmDbContext)?.Origin ?? ClientOrigin.Unknown;

    private static void Noted(ConnectionEndEventData eventData, TenantSnapshot? session)
    {
        if (eventData.Context is CrmDbContext db) db.SessionActsFor = session;
    }

    private static DbCommand CreateCommand(DbConnection connection, TenantSnapshot actingFor, ClientOrigin origin)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        AddParameter(command, "t", actingFor.TenantId?.ToString() ?? "");
        AddParameter(command, "u", actingFor.UserId?.ToString() ?? "");
        AddParameter(command, "ip", origin.Ip ?? "");
        AddParameter(command, "ua", origin.UserAgent ?? "");
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
