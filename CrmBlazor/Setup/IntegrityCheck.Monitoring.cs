using Npgsql;

namespace CrmBlazor.Setup;

/// <summary>
/// The monitoring part of <c>./crm db check</c>: two rules about the schema's shape (a table without a
/// primary key, two indexes doing one job) and two lists for information only (indexes never scanned,
/// the slowest statements), which never fail the check: a fresh database has every index unused.
/// </summary>
public static partial class IntegrityCheck
{
    public const string TablesWithoutPrimaryKey = "tables without a primary key";
    public const string DuplicateIndexes = "duplicate indexes";

    private const int MonitoringCount = 10;

    // Both are the operator's: Database scope, so a tenant's Data health page does not show them.
    private static readonly (string Name, Scope Scope, string Sql)[] MonitoringChecks =
    [
        // Rows without a key cannot be told apart: not updated one by one, not replicated logically, not
        // deduplicated. Extension tables are the extension's business.
        (TablesWithoutPrimaryKey, Scope.Database, """
            SELECT c.relname::text AS example, NULL AS link
            FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            """),
        // Same table, access method, key columns (INCLUDE columns aside), operator classes, collations,
        // sort orders, expressions and predicate: each write pays twice for one index's worth of reads.
        // A unique index and a plain one on the same keys count too: the unique one serves every read.
        (DuplicateIndexes, Scope.Database, """
            SELECT format('%s: %s, %s', i.indrelid::regclass,
                          string_agg(i.indexrelid::regclass::text, ' = ' ORDER BY i.indexrelid::regclass::text),
                          regexp_replace(pg_get_indexdef(min(i.indexrelid)), '^.* USING ', '')) AS example, NULL AS link
            FROM pg_index i JOIN pg_class ix ON ix.oid = i.indexrelid
            WHERE ix.relnamespace = 'public'::regnamespace
            GROUP BY i.indrelid, ix.relam, (i.indkey::int2[])[0:i.indnkeyatts - 1], i.indclass::text, i.indcollation::text,
                     i.indoption::text, pg_get_expr(i.indexprs, i.indrelid), pg_get_expr(i.indpred, i.indrelid)
            HAVING count(*) > 1
            """),
    ];

    // Unique and primary-key indexes enforce a rule whether or not a query reads them.
    private const string UnusedIndexesSql = """
        SELECT s.relname::text, s.indexrelname::text, pg_relation_size(s.indexrelid), pg_size_pretty(pg_relation_size(s.indexrelid))
        FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
        WHERE s.schemaname = 'public' AND s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
        ORDER BY 3 DESC, 1, 2
        LIMIT @limit
        """;

    private const string StatementsSchemaSql = """
        SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_stat_statements'
        """;

    /// <summary>The information-only lists: the largest unused indexes and this database's slowest statements.</summary>
    private static async Task<MonitoringReport> MonitoringAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        var unused = new List<UnusedIndex>();
        await using (var command = new NpgsqlCommand(UnusedIndexesSql, connection, tx))
        {
            command.Parameters.AddWithValue("limit", MonitoringCount);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                unused.Add(new UnusedIndex(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }
        var (slow, unavailable) = await SlowStatementsAsync(connection, tx, ct);
        return new MonitoringReport(unused, slow, unavailable);
    }

    /// <summary>
    /// The statements of this database with the highest mean time, from pg_stat_statements; or why there
    /// are none: the extension is not installed here, or the server did not preload it.
    /// </summary>
    private static async Task<(IReadOnlyList<SlowStatement>, string?)> SlowStatementsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        string? schema;
        await using (var find = new NpgsqlCommand(StatementsSchemaSql, connection, tx))
            schema = await find.ExecuteScalarAsync(ct) as string;
        if (schema is null)
            return ([], "not available: the pg_stat_statements extension is not installed in this database");

        // Querying the view fails when the library was not preloaded: the savepoint keeps the snapshot usable.
        await tx.SaveAsync("slow_statements", ct);
        try
        {
            await using var command = new NpgsqlCommand($"""
                SELECT left(regexp_replace(s.query, '\s+', ' ', 'g'), 300), s.calls, s.mean_exec_time, s.total_exec_time
                FROM {schema}.pg_stat_statements s
                WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY s.mean_exec_time DESC
                LIMIT @limit
                """, connection, tx);
            command.Parameters.AddWithValue("limit", MonitoringCount);
            var slow = new List<SlowStatement>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    slow.Add(new SlowStatement(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3)));
            await tx.ReleaseAsync("slow_statements", ct);
            return (slow, null);
        }
        catch (PostgresException ex)
        {
            await tx.RollbackAsync("slow_statements", ct);
            return ([], "not available: " + ex.MessageText);
        }
    }
}
