using System.Data;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Export;

/// <summary>
/// "Export everything": a zip with one CSV per tenant table (<see cref="BackupTables"/>) and
/// manifest.json, written to the output as the rows are read, all tables from one snapshot of the
/// database (a repeatable-read transaction). Owner only; audited as <c>export.everything</c>.
/// </summary>
public sealed class TenantBackup(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, TimeProvider clock)
{
    public Task DemandOwnerAsync(CancellationToken ct) => guard.DemandAsync(Permission.ManageTenant, "export.everything", ct);

    public async Task<BackupManifest> ExportAsync(Stream output, CancellationToken ct)
    {
        await DemandOwnerAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tenantId = db.ActingFor.TenantId!.Value;

        var files = new List<BackupFile>();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var table in BackupTables.All)
            {
                var columns = table == BackupTables.Users ? BackupTables.UserColumns : await BackupTables.ColumnsAsync(connection, table.Name, ct);
                var select = table == BackupTables.Users ? BackupTables.UsersSelect
                    : $"SELECT {string.Join(", ", columns.Select(c => $"{c.Name}::text"))} FROM {table.Name} WHERE tenant_id = @tenant ORDER BY 1";
                await using var command = new NpgsqlCommand(select, connection);
                command.Parameters.AddWithValue("tenant", tenantId);
                await using var reader = await command.ExecuteReaderAsync(ct);
                files.Add(await WriteFileAsync(zip, table.FileName, columns, reader, ct));
            }
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, await SchemaVersionAsync(db, ct), clock.GetUtcNow(), files);
            await using (var entry = zip.CreateEntry(BackupManifest.FileName).Open())
                await entry.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToJson()), ct);

            AuditTrail.Record(db, "export.everything", tenantId, "tenants",
                string.Join(", ", files.Select(f => $"{f.Name}: {f.Rows}")));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return manifest;
        }
    }

    /// <summary>The latest migration applied: a restore accepts only an export of the same schema.</summary>
    public static async Task<string> SchemaVersionAsync(CrmDbContext db, CancellationToken ct) =>
        (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault() ?? "";

    private static async Task<BackupFile> WriteFileAsync(ZipArchive zip, string name, IReadOnlyList<BackupColumn> columns,
        NpgsqlDataReader reader, CancellationToken ct)
    {
        using var sha = SHA256.Create();
        var rows = 0;
        await using (var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open())
        // The hash sees exactly the bytes stored in the zip, as they pass.
        await using (var hashed = new CryptoStream(entry, sha, CryptoStreamMode.Write, leaveOpen: true))
        {
            await using var csv = CsvWriter.Create(hashed, CsvWriterOptions.Default, leaveOpen: true);
            await csv.WriteRecordAsync([.. columns.Select(c => c.Name)], ct);
            while (await reader.ReadAsync(ct))
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetString(i);
                    csv.WriteField(columns[i].IsText ? BackupCells.Write(value) : value ?? "");
                }
                await csv.EndRecordAsync(ct);
                rows++;
            }
            await csv.FlushAsync(ct);
        }
        return new BackupFile(name, rows, Convert.ToHexStringLower(sha.Hash!));
    }
}
