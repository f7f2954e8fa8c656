using System.IO.Compression;
using CsvHelper;
using Npgsql;

namespace CrmBlazor.Features.Export;

/// <summary>
/// One restore's inserts: the fresh id of every exported id (the same everywhere it is referred to),
/// the source users' emails, and the rows to soft-delete at the end. Deleted rows go in live first,
/// because a live row may still refer to them and a new reference to a deleted row is refused.
/// </summary>
internal sealed class RestoreLoad(Guid tenantId, IReadOnlyDictionary<string, Guid> usersByEmail)
{
    private readonly Dictionary<Guid, Guid> ids = [];
    private readonly Dictionary<Guid, string> sourceUserEmails = [];
    private readonly List<(string Table, Guid Id, string DeletedAt)> deleted = [];

    /// <summary>References to a source user with no user of the same email here: left empty.</summary>
    public int OwnersNotMatched { get; private set; }

    public async Task ReadSourceUsersAsync(ZipArchiveEntry users, CancellationToken ct)
    {
        await foreach (var row in RowsAsync(users, ct))
            if (BackupCells.Read(row["email"]) is { } email)
                sourceUserEmails[Guid.Parse(row["id"])] = email;
    }

    public async Task<int> InsertAsync(NpgsqlConnection connection, BackupTable table, ZipArchiveEntry file, int batchSize, CancellationToken ct)
    {
        var columns = (await BackupTables.ColumnsAsync(connection, table.Name, ct)).ToDictionary(c => c.Name);
        var rows = 0;
        var batch = new NpgsqlBatch(connection);
        try
        {
            await foreach (var row in RowsAsync(file, ct))
            {
                batch.BatchCommands.Add(Insert(table, columns, row));
                rows++;
                if (batch.BatchCommands.Count < batchSize) continue;
                await batch.ExecuteNonQueryAsync(ct);
                await batch.DisposeAsync();
                batch = new NpgsqlBatch(connection);
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await batch.DisposeAsync();
        }
        return rows;
    }

    public async Task MarkDeletedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        foreach (var (table, id, deletedAt) in deleted)
        {
            await using var command = new NpgsqlCommand($"UPDATE {table} SET deleted_at = @at::timestamptz WHERE tenant_id = @tenant AND id = @id", connection);
            command.Parameters.AddWithValue("at", deletedAt);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private NpgsqlBatchCommand Insert(BackupTable table, IReadOnlyDictionary<string, BackupColumn> columns, IReadOnlyDictionary<string, string> row)
    {
        var names = new List<string> { "tenant_id" };
        var values = new List<string> { "@tenant" };
        var command = new NpgsqlBatchCommand();
        command.Parameters.AddWithValue("tenant", tenantId);
        foreach (var (name, cell) in row)
        {
            if (!columns.TryGetValue(name, out var column))
                throw new InvalidDataException($"{table.FileName} has a column {name} that {table.Name} does not have.");
            var value = column.IsText ? BackupCells.Read(cell) : cell.Length == 0 ? null : cell;
            if (name == "id") value = NewId(Guid.Parse(value!)).ToString();
            else if (table.References.TryGetValue(name, out var reference) && value is not null)
                value = reference == BackupReference.Row ? NewId(Guid.Parse(value)).ToString() : UserFor(Guid.Parse(value))?.ToString();
            else if (name == "deleted_at" && value is not null)
            {
                deleted.Add((table.Name, NewId(Guid.Parse(row["id"])), value));
                value = null;
            }
            var parameter = "p" + command.Parameters.Count;
            names.Add(name);
            values.Add($"@{parameter}::{column.Type}");
            command.Parameters.AddWithValue(parameter, (object?)value ?? DBNull.Value);
        }
        command.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)})";
        return command;
    }

    private Guid NewId(Guid exported)
    {
        if (!ids.TryGetValue(exported, out var fresh)) ids[exported] = fresh = Guid.NewGuid();
        return fresh;
    }

    private Guid? UserFor(Guid sourceUser)
    {
        if (sourceUserEmails.TryGetValue(sourceUser, out var email) && usersByEmail.TryGetValue(email, out var here)) return here;
        OwnersNotMatched++;
        return null;
    }

    private static async IAsyncEnumerable<Dictionary<string, string>> RowsAsync(ZipArchiveEntry entry,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = entry.Open();
        await using var csv = CsvReader.Create(stream, CsvReaderOptions.Default, leaveOpen: true);
        await csv.ReadHeaderAsync(ct);
        var header = csv.Headers;
        while (await csv.ReadAsync(ct))
        {
            var row = new Dictionary<string, string>(header.Count);
            for (var i = 0; i < header.Count; i++) row[header[i]] = csv.GetString(i);
            yield return row;
        }
    }
}
