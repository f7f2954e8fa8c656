using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Export;

/// <summary>What a restore did, or why it wrote nothing.</summary>
public sealed record TenantRestoreResult(string? Problem, IReadOnlyDictionary<string, int> Rows, int OwnersNotMatched)
{
    public bool Succeeded => Problem is null;

    public static TenantRestoreResult Refused(string problem) => new(problem, new Dictionary<string, int>(), 0);
}

/// <summary>
/// "Import a full export" into an empty tenant: checks the manifest (schema, every file's rows and
/// SHA-256) before anything is written, then loads every file in one transaction as the runtime role,
/// so row-level security, constraints, triggers and the audit trail all apply. Every id gets a fresh one
/// (ids are global keys, and the source tenant may live in the same database), consistently across all
/// references; owners are matched by email to this tenant's users, and an owner with no match is left
/// empty and counted. The tenant's own pipelines (registration's default one) give way to the export's.
/// Owner only; audited as <c>import.everything</c>.
/// </summary>
public sealed class TenantRestore(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard)
{
    private const int Batch = 200;

    public async Task<TenantRestoreResult> RestoreAsync(Stream zipFile, CancellationToken ct)
    {
        await guard.DemandAsync(Permission.ManageTenant, "import.everything", ct);
        await using var seekable = await SeekableAsync(zipFile, ct);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            return TenantRestoreResult.Refused("This file is not a zip. Choose the .zip that “Export everything” downloaded.");
        }
        using (zip)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await CheckAsync(zip, db, ct) is { } problem) return TenantRestoreResult.Refused(problem);
            if (await ContentsAsync(db, ct) is { } existing)
                return TenantRestoreResult.Refused($"This workspace already has {existing}. A full export can only be imported into an empty workspace.");
            return await LoadAsync(zip, db, ct);
        }
    }

    /// <summary>Null when the manifest matches this schema and every file its row count and checksum.</summary>
    private static async Task<string?> CheckAsync(ZipArchive zip, CrmDbContext db, CancellationToken ct)
    {
        if (zip.GetEntry(BackupManifest.FileName) is not { } manifestEntry)
            return "This zip has no manifest.json: it is not a full export of CrmBlazor.";
        BackupManifest? manifest;
        await using (var text = manifestEntry.Open())
            manifest = BackupManifest.Parse(await new StreamReader(text).ReadToEndAsync(ct));
        if (manifest is null) return "The manifest.json of this zip cannot be read: it is not a full export of CrmBlazor.";
        var schema = await TenantBackup.SchemaVersionAsync(db, ct);
        if (manifest.SchemaVersion != schema)
            return $"This export was made with database schema {manifest.SchemaVersion}; this installation has {schema}. Export again from an installation of the same version.";
        foreach (var table in BackupTables.All)
        {
            var listed = manifest.Files.FirstOrDefault(f => f.Name == table.FileName);
            if (listed is null || zip.GetEntry(table.FileName) is not { } entry)
                return $"{table.FileName} is missing from the export.";
            int rows;
            string sha;
            try
            {
                (rows, sha) = await MeasureAsync(entry, ct);
            }
            catch (Exception unreadable) when (unreadable is CsvFormatException or InvalidDataException)
            {
                return $"{table.FileName} cannot be read as CSV ({unreadable.Message.TrimEnd('.')}). Nothing was imported.";
            }
            if (sha != listed.Sha256 || rows != listed.Rows)
                return $"{table.FileName} does not match the manifest (it lists {listed.Rows:N0} rows, the file has {rows:N0}{(rows == listed.Rows ? " but different contents" : "")}). The file was changed or damaged; nothing was imported.";
        }
        return null;
    }

    private static async Task<(int Rows, string Sha256)> MeasureAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
        using var sha = SHA256.Create();
        var rows = 0;
        await using (var stream = entry.Open())
        await using (var hashed = new CryptoStream(stream, sha, CryptoStreamMode.Read))
        await using (var csv = CsvReader.Create(hashed, CsvReaderOptions.Default, leaveOpen: true))
            while (await csv.ReadAsync(ct)) rows++;
        return (rows, Convert.ToHexStringLower(sha.Hash!));
    }

    /// <summary>What the tenant holds already ("3 contacts, 1 deal"), or null when it is empty.</summary>
    private static async Task<string?> ContentsAsync(CrmDbContext db, CancellationToken ct)
    {
        var counts = new (string One, string Many, int Count)[]
        {
            ("contact", "contacts", await db.Contacts.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).CountAsync(ct)),
            ("company", "companies", await db.Companies.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).CountAsync(ct)),
            ("deal", "deals", await db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).CountAsync(ct)),
            ("tag", "tags", await db.Tags.CountAsync(ct)),
            ("activity", "activities", await db.Activities.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).CountAsync(ct)),
        };
        var held = counts.Where(c => c.Count > 0).Select(c => $"{c.Count:N0} {(c.Count == 1 ? c.One : c.Many)}").ToList();
        return held.Count == 0 ? null : string.Join(", ", held);
    }

    private static async Task<TenantRestoreResult> LoadAsync(ZipArchive zip, CrmDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tenantId = db.ActingFor.TenantId!.Value;
        var load = new RestoreLoad(tenantId, await UsersByEmailAsync(db, ct));
        await load.ReadSourceUsersAsync(zip.GetEntry(BackupTables.Users.FileName)!, ct);

        // The workspace's own pipelines (registration made one) hold no deals: the export's replace them.
        await Execute(connection, "DELETE FROM pipeline_stages WHERE tenant_id = @tenant", tenantId, ct);
        await Execute(connection, "DELETE FROM pipelines WHERE tenant_id = @tenant", tenantId, ct);
        var rows = new Dictionary<string, int>();
        foreach (var table in BackupTables.Restored)
        {
            try
            {
                rows[table.Name] = await load.InsertAsync(connection, table, zip.GetEntry(table.FileName)!, Batch, ct);
            }
            catch (Exception refused) when (refused is PostgresException or InvalidDataException or FormatException)
            {
                await transaction.RollbackAsync(ct);
                var reason = refused is PostgresException postgres ? postgres.MessageText : refused.Message;
                return TenantRestoreResult.Refused($"{table.FileName} could not be loaded: {reason.TrimEnd('.')}. Nothing was imported.");
            }
        }
        await load.MarkDeletedAsync(connection, ct);

        AuditTrail.Record(db, "import.everything", tenantId, "tenants",
            string.Join(", ", rows.Select(r => $"{r.Key}: {r.Value}")) + $"; owners not matched: {load.OwnersNotMatched}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new TenantRestoreResult(null, rows, load.OwnersNotMatched);
    }

    // Only users who can sign in own records (the database refuses a deactivated one): another owner is left unmatched.
    private static async Task<Dictionary<string, Guid>> UsersByEmailAsync(CrmDbContext db, CancellationToken ct) =>
        (await db.Users.Where(u => u.Email != null && u.IsActive).Select(u => new { u.Email, u.Id }).ToListAsync(ct))
            .ToDictionary(u => u.Email!, u => u.Id, StringComparer.OrdinalIgnoreCase);

    private static async Task Execute(NpgsqlConnection connection, string sql, Guid tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A zip is read by seeking: an upload is copied to a temporary file first, deleted when done.</summary>
    private static async Task<Stream> SeekableAsync(Stream upload, CancellationToken ct)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await upload.CopyToAsync(file, ct);
        file.Position = 0;
        return file;
    }
}
