using Npgsql;
using NpgsqlTypes;

namespace CrmBlazor.Features.Import;

/// <summary>
/// An uploaded file in PostgreSQL (import_file_chunks), so whichever app node runs the job can read
/// it; on the node it is a temporary file that deletes itself, never the whole file in memory.
/// </summary>
public static class ImportFileStore
{
    private const int ChunkBytes = 1024 * 1024;

    /// <summary>A seekable temporary copy of <paramref name="content"/>; null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<FileStream?> BufferAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var file = TemporaryFile();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            if (file.Length + read > maxBytes)
            {
                await file.DisposeAsync();
                return null;
            }
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        file.Position = 0;
        return file;
    }

    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, Stream file, CancellationToken ct)
    {
        file.Position = 0;
        var buffer = new byte[ChunkBytes];
        for (var chunk = 0; ; chunk++)
        {
            var length = await file.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false, ct);
            if (length == 0) break;
            await using var insert = new NpgsqlCommand(
                "INSERT INTO import_file_chunks (job_id, chunk, data) VALUES (@job, @chunk, @data)", connection, transaction);
            insert.Parameters.AddWithValue("job", jobId);
            insert.Parameters.AddWithValue("chunk", chunk);
            insert.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Bytea) { Value = new ArraySegment<byte>(buffer, 0, length) });
            await insert.ExecuteNonQueryAsync(ct);
        }
        file.Position = 0;
    }

    /// <summary>The job's file as a seekable temporary file, positioned at its start.</summary>
    public static async Task<FileStream> OpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, CancellationToken ct)
    {
        var file = TemporaryFile();
        await using var select = new NpgsqlCommand("SELECT data FROM import_file_chunks WHERE job_id = @job ORDER BY chunk", connection, transaction);
        select.Parameters.AddWithValue("job", jobId);
        await using var reader = await select.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            await using var chunk = await reader.GetStreamAsync(0, ct);
            await chunk.CopyToAsync(file, ct);
        }
        file.Position = 0;
        return file;
    }

    private static FileStream TemporaryFile() => new(
        Path.Combine(Path.GetTempPath(), $"crm-import-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
        81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
