using System.Text;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// The files the import browser tests upload, written byte by byte so that each holds exactly the
/// encoding, separators, line ends and awkward values it is about.
/// </summary>
public static class ImportFlowFiles
{
    static ImportFlowFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public const string HubSpotDomain = "hubspot-import.example";

    private static readonly string[] FirstNames = ["Olivia", "Noah", "Amelia", "Mateo", "Sofia", "Lucas", "Hannah", "Kenji", "Priya", "Tomasz"];
    private static readonly string[] LastNames = ["Bergström", "Okafor", "Nakamura", "Quintavalle", "Fitzgerald", "Haddad", "Kowalski", "Moreau"];

    /// <summary>
    /// A HubSpot contacts export of <paramref name="rows"/> contacts: UTF-8 with a byte order mark, CRLF line ends,
    /// HubSpot's own headers, every value quoted as HubSpot writes them. Contact i is "{first} {last}{i}" at hub{i}@<see cref="HubSpotDomain"/>.
    /// </summary>
    public static byte[] HubSpotContacts(int rows, string ownerEmail)
    {
        var csv = new StringBuilder();
        csv.Append("\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Phone Number\",\"Job Title\",\"Company Name\",\"Contact owner\",\"Lifecycle Stage\",\"Create Date\"\r\n");
        for (var i = 1; i <= rows; i++)
        {
            var (first, last) = HubSpotName(i);
            csv.Append($"\"{5_100_000 + i}\",\"{first}\",\"{last}\",\"hub{i}@{HubSpotDomain}\",\"+1 555 01{i % 100:00}\",\"Buyer\",")
               .Append($"\"Hub Company {i % 7}\",\"{ownerEmail}\",\"lead\",\"2026-0{1 + i % 9}-1{i % 10} 09:30\"\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static (string First, string Last) HubSpotName(int i) => (FirstNames[i % FirstNames.Length], LastNames[i % LastNames.Length] + i);

    /// <summary>A German spreadsheet saved as CSV on Windows: Windows-1252, semicolons, German headers, umlauts.</summary>
    public static byte[] GermanWindows1252() => Encoding.GetEncoding(1252).GetBytes(
        "Vorname;Nachname;E-Mail;Firma\r\n" +
        "Jürgen;Müller;juergen.mueller@umlaut.example;Bäckerei Größer\r\n" +
        "Zoë;Weiß;zoe.weiss@umlaut.example;Bäckerei Größer\r\n" +
        "Sören;Öztürk;soeren.oeztuerk@umlaut.example;Straßenbau Süd\r\n");

    public const string Formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
    public const string QuotedNote = "She said \"hi, there\"\r\nand left \"early\"";
    public static readonly string LongNote = string.Concat(Enumerable.Repeat("0123456789", 2_500));

    /// <summary>One row of <see cref="Adversarial"/>: its fields as the file holds them, and what the import must make of it.</summary>
    public sealed record AdversarialRow(int RowNumber, string[] Fields, string? Problem, string? Email = null);

    /// <summary>
    /// Contacts with every trap a real file springs: embedded quotes and line breaks, no name, a bad email, the same
    /// email in other case, formula cells, a 25,000-character note, a NUL byte, rows shorter and longer than the header.
    /// Row numbers are the file's, the header being row 1.
    /// </summary>
    public static readonly IReadOnlyList<AdversarialRow> Adversarial =
    [
        new(2, ["Anna", "Quote", "anna.quote@adv.example", QuotedNote, "Adversarial Co"], null, "anna.quote@adv.example"),
        new(3, ["", "", "no.name@adv.example", "", ""], "This row has no name: it needs a first name, a last name or a full name."),
        new(4, ["Bad", Formula, "not-an-email", "", ""], "“not-an-email” is not a valid email address."),
        new(5, ["ANNA", "Again", "ANNA.QUOTE@ADV.EXAMPLE", "", ""], "Same email as row 2 (emails are compared ignoring upper and lower case)."),
        new(6, ["=1+2", "Formula", "formula@adv.example", "", ""], null, "formula@adv.example"),
        new(7, ["Long", "Note", "long.note@adv.example", LongNote, ""], "Notes is longer than 20,000 characters (25000)."),
        new(8, ["Nul\0l", "Byte", "nul.byte@adv.example", "", ""], "This row contains a NUL character, which is not text; remove it from the file."),
        new(9, ["Short", "Ragged"], null),
        new(10, ["Extra", "Fields", "extra@adv.example", "", "Adversarial Co", "surplus"],
            "This row has 6 fields but the file has 5 columns (a quote or separator is probably missing)."),
        new(11, ["Zoë", "Valid", "zoe.valid@adv.example", "", "Adversarial Co"], null, "zoe.valid@adv.example"),
    ];

    public static readonly string[] AdversarialHeaders = ["First Name", "Last Name", "Email", "Notes", "Company"];

    /// <summary><see cref="Adversarial"/> as UTF-8 CSV with LF line ends; fields holding quotes, commas or line breaks are quoted.</summary>
    public static byte[] AdversarialCsv()
    {
        var lines = new[] { AdversarialHeaders }.Concat(Adversarial.Select(r => r.Fields))
            .Select(fields => string.Join(",", fields.Select(Quoted)) + "\n");
        return Encoding.UTF8.GetBytes(string.Concat(lines));
    }

    /// <summary>Plain contacts, and one row per existing email whose job title the import changes to "Imported title".</summary>
    public static byte[] ContactsUpdating(IEnumerable<string> newEmails, IEnumerable<string> existingEmails)
    {
        var rows = newEmails.Select((email, i) => $"Undo,Person{i},{email},New hire")
            .Concat(existingEmails.Select(email => $",Existing,{email},Imported title"));
        return Encoding.UTF8.GetBytes("First Name,Last Name,Email,Job Title\n" + string.Join("\n", rows) + "\n");
    }

    private static string Quoted(string field) =>
        field.IndexOfAny(['"', ',', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
