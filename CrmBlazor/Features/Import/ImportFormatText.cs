namespace CrmBlazor.Features.Import;

/// <summary>How the first step describes a detected file format: "UTF-8 with BOM, comma-separated, header row".</summary>
public static class ImportFormatText
{
    public static string Describe(ImportFileFormat format) => format.Type == ImportFileType.Xlsx
        ? $"Excel workbook, {HeaderText(format)}"
        : $"{format.EncodingName}, {DelimiterText(format.Delimiter)}, {HeaderText(format)}";

    private static string DelimiterText(char delimiter) => delimiter switch
    {
        ',' => "comma-separated",
        ';' => "semicolon-separated",
        '\t' => "tab-separated",
        '|' => "pipe-separated",
        _ => $"separated by “{delimiter}”",
    };

    private static string HeaderText(ImportFileFormat format) => format.HasHeader ? "header row" : "no header row";
}
