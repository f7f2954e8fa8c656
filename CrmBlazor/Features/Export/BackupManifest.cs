using System.Text.Json;

namespace CrmBlazor.Features.Export;

/// <summary>manifest.json of a full export: the schema it was written with, and per file its rows and SHA-256 (hex).</summary>
public sealed record BackupManifest(string Format, string SchemaVersion, DateTimeOffset ExportedAt, IReadOnlyList<BackupFile> Files)
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "crmblazor-export-1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Null when the text is not a manifest.</summary>
    public static BackupManifest? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<BackupManifest>(json, Json) is { Format: CurrentFormat, Files: not null } manifest ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record BackupFile(string Name, int Rows, string Sha256);
