using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmBlazor.Data.Interceptors;

/// <summary>
/// Refuses any command whose database session does not act for the context's snapshot: a
/// connection opened behind EF's back, or one still open from another context, would otherwise run
/// under whatever tenant its session was last given. A comparison in memory, so it costs nothing
/// per command; the settings themselves are written by <see cref="TenantSessionInterceptor"/>.
/// </summary>
public sealed class SessionTenantCheck : DbCommandInterceptor
{
    public static readonly SessionTenantCheck Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Checked(eventData, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Checked(eventData, result));

    public override InterceptionResult<int> NonQueryExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Checked(eventData, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Checked(eventData, result));

    public override InterceptionResult<object> ScalarExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Checked(eventData, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Checked(eventData, result));

    private static T Checked<T>(CommandEventData eventData, T result)
    {
        if (eventData.Context is CrmDbContext db && !ReferenceEquals(db.SessionActsFor, db.ActingFor))
            throw new InvalidOperationException(
                $"This context acts for tenant '{db.ActingFor.TenantId}', but its database session was set for " +
                (db.SessionActsFor is { } session ? $"tenant '{session.TenantId}'" : "no one (opened outside EF)") + ": the command was not run.");
        return result;
    }
}
