using System.Text;

namespace CrmBlazor.Features.Import;

/// <summary>The text encodings an import file may be in, by the name <see cref="ImportFileFormat.EncodingName"/> carries.</summary>
public static class ImportEncodings
{
    public const string Utf8 = "UTF-8";
    public const string Utf8WithBom = "UTF-8 with BOM";
    public const string Utf16LittleEndian = "UTF-16 LE";
    public const string Utf16BigEndian = "UTF-16 BE";
    public const string Windows1252 = "Windows-1252";

    public static readonly IReadOnlyList<string> Names = [Utf8, Utf8WithBom, Utf16LittleEndian, Utf16BigEndian, Windows1252];

    // .NET itself ships only the Unicode encodings; Windows-1252 comes from the code pages provider.
    static ImportEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding to decode with; a reader given it skips the byte order mark the name says is there.</summary>
    public static Encoding For(string name) => name switch
    {
        Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Utf8WithBom => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        Utf16LittleEndian => Encoding.Unicode,
        Utf16BigEndian => Encoding.BigEndianUnicode,
        Windows1252 => Encoding.GetEncoding(1252),
        _ => throw new ArgumentException($"Unknown import encoding '{name}'.", nameof(name)),
    };
}
