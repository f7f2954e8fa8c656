using System.Collections.Concurrent;
using System.Data.Common;
using CrmBlazor.Data;
using CrmBlazor.Data.Interceptors;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// Contexts built as the app builds them, for the given tenant, that also keep the text of every
/// query they send: for tests that prove work happens in PostgreSQL rather than in memory.
/// </summary>
public sealed class RecordingDbContextFactory(NpgsqlDataSource dataSource, ITenantContext tenant) : IDbContextFactory<CrmDbContext>
{
    private readonly Recorder recorder = new();

    public IReadOnlyCollection<string> Commands => recorder.Commands;

    public CrmDbContext CreateDbContext() => TestDbContexts.Create(dataSource, tenant.Snapshot, recorder);

    private sealed class Recorder : DbCommandInterceptor
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        // The command without the tenant call TenantPerTransaction puts in front of it.
        private static string AsEfBuiltIt(string text) =>
            text.StartsWith(TenantPerTransaction.Call, StringComparison.Ordinal) ? text[(TenantPerTransaction.Call.Length + 2)..] : text;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Enqueue(AsEfBuiltIt(command.CommandText));
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands.Enqueue(AsEfBuiltIt(command.CommandText));
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Commands.Enqueue(AsEfBuiltIt(command.CommandText));
            return ValueTask.FromResult(result);
        }
    }
}
