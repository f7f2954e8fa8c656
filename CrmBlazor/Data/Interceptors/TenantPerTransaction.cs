using System.Data.Common;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CrmBlazor.Data.Interceptors;

/// <summary>
/// Gives every transaction the context runs the settings row-level security and the audit trail read
/// (<c>app.tenant_id</c>, <c>app.user_id</c>, <c>app.client_ip</c>, <c>app.user_agent</c>), as transaction-local
/// values: nothing is left on the connection, so a pool that hands one server connection to many clients
/// between transactions (PgBouncer in transaction mode) carries nothing of one request into another's.
/// <list type="bullet">
/// <item>Each transaction EF begins runs <c>CALL crm_act_for(...)</c> first, so every command in it acts for
/// the context's tenant, including those sent on its connection with Npgsql directly (COPY, large reads):
/// such code begins its transaction through <c>db.Database.BeginTransactionAsync</c>, never on the
/// connection itself. Saves always run in one (CrmDbContext.ActFor).</item>
/// <item>Each query or statement EF runs outside a transaction starts with the same call in the same round
/// trip: Npgsql sends a command's statements with one Sync, so they share one implicit transaction, and a
/// procedure adds no result set or row count in front of the command's own.</item>
/// </list>
/// A context acting for nobody from nowhere (migrations, schema work) sends nothing: its settings are
/// already empty, and statements such as CREATE INDEX CONCURRENTLY may not share a transaction.
/// </summary>
public sealed class TenantPerTransaction : IDbCommandInterceptor, IDbTransactionInterceptor
{
    public static readonly TenantPerTransaction Instance = new();

    /// <summary>The statement put in front of a command, followed by ";\n".</summary>
    public const string Call = "CALL crm_act_for(@crm_tenant, @crm_user, @crm_ip, @crm_agent)";

    public InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Prefixed(command, eventData, result);

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Prefixed(command, eventData, result));

    public InterceptionResult<int> NonQueryExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Prefixed(command, eventData, result);

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Prefixed(command, eventData, result));

    public InterceptionResult<object> ScalarExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Prefixed(command, eventData, result);

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Prefixed(command, eventData, result));

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (Settings(eventData.Context) is { } settings)
            using (var command = CallCommand(connection, result, settings))
                command.ExecuteNonQuery();
        return result;
    }

    public async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (Settings(eventData.Context) is { } settings)
            await using (var command = CallCommand(connection, result, settings))
                await command.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    private static T Prefixed<T>(DbCommand command, CommandEventData eventData, T result)
    {
        // Inside a transaction EF began, the call at its start already holds for every command.
        if (command.Transaction is not null || Settings(eventData.Context) is not { } settings) return result;
        // EF reads a save's row counts by statement position, which a prefix would shift: saves always run
        // in a transaction (CrmDbContext.ActFor asks for one), so none should arrive here.
        if (eventData.CommandSource == CommandSource.SaveChanges)
            throw new InvalidOperationException("A save ran outside a transaction, so it could not be given the tenant it acts for.");
        command.CommandText = $"{Call};\n{command.CommandText}";
        AddParameters(command, settings);
        return result;
    }

    private sealed record ActingSettings(string Tenant, string User, string Ip, string Agent);

    private static ActingSettings? Settings(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not CrmDbContext db) return null;
        var (actingFor, origin) = (db.ActingFor, db.Origin);
        if (actingFor == TenantSnapshot.Nobody && origin == ClientOrigin.Unknown) return null;
        return new(actingFor.TenantId?.ToString() ?? "", actingFor.UserId?.ToString() ?? "", origin.Ip ?? "", origin.UserAgent ?? "");
    }

    private static DbCommand CallCommand(DbConnection connection, DbTransaction transaction, ActingSettings settings)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Call;
        AddParameters(command, settings);
        return command;
    }

    private static void AddParameters(DbCommand command, ActingSettings settings)
    {
        command.Parameters.Add(new NpgsqlParameter("crm_tenant", settings.Tenant));
        command.Parameters.Add(new NpgsqlParameter("crm_user", settings.User));
        command.Parameters.Add(new NpgsqlParameter("crm_ip", settings.Ip));
        command.Parameters.Add(new NpgsqlParameter("crm_agent", settings.Agent));
    }
}
