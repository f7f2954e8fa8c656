namespace CrmBlazor.Features.Import;

public enum ImportFileType
{
    Csv,
    Tsv,
    Xlsx,
}

/// <summary>
/// How a file is read, detected once per file by <see cref="ImportFileDetector"/>. <paramref name="EncodingName"/> is
/// one of <see cref="ImportEncodings.Names"/> ("UTF-8", "UTF-8 with BOM", "Windows-1252" …), "UTF-8" for XLSX;
/// <paramref name="Delimiter"/> is ',', ';' or '\t' and means nothing for XLSX.
/// </summary>
public sealed record ImportFileFormat(ImportFileType Type, string EncodingName, char Delimiter, bool HasHeader);

/// <summary>A file that cannot be imported, with a message a user can act on.</summary>
public sealed class ImportFileException(string message) : Exception(message);
