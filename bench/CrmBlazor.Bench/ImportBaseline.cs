using System.Diagnostics;
using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// The physical limit: the same file sent by COPY (CSV, header) into a scratch table built like
/// contacts (its columns, defaults, checks and indexes) and already holding the target tenant's
/// contacts, so both sides write into a million rows. No validation, no dedupe, no audit, no search
/// documents: what PostgreSQL itself costs. COPY cannot skip a row, so it is sent the rows the job creates:
/// the file without its first <see cref="ImportFile.ExistingEmailRows"/> rows (existing contacts' emails,
/// which the job skips and the unique email index would refuse).
/// </summary>
public static class ImportBaseline
{
    private const string Scratch = "bench_import_copy";

    public static async Task<TimeSpan> CopyAsync(NpgsqlDataSource owner, Guid tenant, string path)
    {
        await using var connection = await owner.OpenConnectionAsync();
        await ExecuteAsync(connection, $"drop table if exists {Scratch}");
        await ExecuteAsync(connection, $"create table {Scratch} (like contacts including all)");
        await ExecuteAsync(connection, $"alter table {Scratch} alter column tenant_id set default '{tenant}'");
        var columns = await StoredColumnsAsync(connection);
        await ExecuteAsync(connection, $"insert into {Scratch} ({columns}) select {columns} from contacts where tenant_id = @t", ("t", tenant));
        await ExecuteAsync(connection, $"vacuum analyze {Scratch}");

        var watch = Stopwatch.StartNew();
        await using (var import = await connection.BeginTextImportAsync(
            $"copy {Scratch} (first_name, last_name, email, phone, job_title) from stdin (format csv)"))
        using (var file = new StreamReader(path))
        {
            // The header and the skipped rows are read past, not sent: COPY sees only the rows, ending in \r\n alike.
            for (var skipped = 0; skipped <= ImportFile.ExistingEmailRows; skipped++) await file.ReadLineAsync();
            var buffer = new char[1 << 16];
            int read;
            while ((read = await file.ReadAsync(buffer)) > 0) await import.WriteAsync(buffer, 0, read);
        }
        var elapsed = watch.Elapsed;

        var stored = (long)(await ScalarAsync(connection, $"select count(*) from {Scratch}"))!;
        var before = (long)(await ScalarAsync(connection, "select count(*) from contacts where tenant_id = @t", ("t", tenant)))!;
        await ExecuteAsync(connection, $"drop table {Scratch}");
        var sent = ImportFile.Rows - ImportFile.ExistingEmailRows;
        if (stored != before + sent)
            throw new InvalidOperationException($"COPY stored {stored - before:N0} rows, not {sent:N0}.");
        return elapsed;
    }

    /// <summary>The columns a row stores (not the generated ones), comma-separated.</summary>
    private static async Task<string> StoredColumnsAsync(NpgsqlConnection connection) =>
        (string)(await ScalarAsync(connection, """
            select string_agg(quote_ident(column_name), ', ' order by ordinal_position)
            from information_schema.columns
            where table_schema = 'public' and table_name = 'contacts' and is_generated = 'NEVER'
            """))!;
}
