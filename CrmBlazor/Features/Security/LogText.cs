using System.Text;

namespace CrmBlazor.Features.Security;

/// <summary>
/// User input (an email typed at sign-in, a name) made safe to put in a log line: a CR, LF or other
/// control character would let the typist start a forged line of their own, so each becomes '?',
/// and the text is cut to a length no real value reaches.
/// </summary>
public static class LogText
{
    public const int MaxLength = 320;

    public static string Clean(string? input)
    {
        if (string.IsNullOrEmpty(input)) return "";
        var text = input.Length > MaxLength ? input[..MaxLength] : input;
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
            clean.Append(char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? '?' : c);
        return clean.ToString();
    }
}
