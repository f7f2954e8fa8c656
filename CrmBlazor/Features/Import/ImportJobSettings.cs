using System.Text.Json;
using System.Text.Json.Serialization;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Import;

/// <summary>The JSON a job row keeps its format and settings in, and the limits every job keeps to.</summary>
public static class ImportJobSettings
{
    public const long MaxBytes = 200L * 1024 * 1024;
    public const int MaxRows = 1_000_000;
    public const string TooBig = "The file is larger than 200 MB. Split it into smaller files and import them one by one.";
    public const string TooManyRows = "The file has more than 1,000,000 rows. Split it into files of at most 1,000,000 rows and import them one by one.";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static ImportSettings SettingsOf(ImportJob job) =>
        JsonSerializer.Deserialize<ImportSettings>(job.Settings ?? throw new InvalidOperationException("The job has not been reviewed."), Json)!;

    public static ImportFileFormat FormatOf(ImportJob job) => JsonSerializer.Deserialize<ImportFileFormat>(job.Format!, Json)!;

    public static ImportKind KindOf(ImportJob job) => Enum.Parse<ImportKind>(job.Kind, ignoreCase: true);
}

/// <summary>A reason the job stops, for the user to read (the file breaks a limit, a rule the review could not see).</summary>
public sealed class ImportJobException(string message) : Exception(message);

/// <summary>The user cancelled the job; what it did so far is rolled back.</summary>
public sealed class ImportCancelledException() : Exception("The import was cancelled.");
