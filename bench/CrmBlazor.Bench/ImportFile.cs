using System.Text;

namespace CrmBlazor.Bench;

/// <summary>
/// The import bench's file: a HubSpot-style contacts export (UTF-8 with BOM, CRLF, HubSpot's headers)
/// of Bogus people in sixteen locales, written once per seed and kept. The first
/// <see cref="ExistingEmailRows"/> rows carry emails the target tenant already holds, so the job's
/// "skip existing" path does real work and its counts can be checked exactly.
/// </summary>
public static class ImportFile
{
    public const int Rows = 1_000_000;
    public const int ExistingEmailRows = 1_000;
    public static readonly string[] Headers = ["First Name", "Last Name", "Email", "Phone Number", "Job Title"];

    public static string EnsureWritten(IReadOnlyList<string> existingEmails, int seed)
    {
        var folder = Path.Combine(Path.GetTempPath(), "crm-bench");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"contacts-{Rows}-seed{seed}.csv");
        if (File.Exists(path)) return path;

        Console.Error.WriteLine($"Writing the {Rows:N0}-row contacts file (once; kept for later runs)...");
        var people = new SearchPeople(seed, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        people.CreateCompanies(50_000);
        var partial = path + ".partial";
        using (var writer = new StreamWriter(partial, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)) { NewLine = "\r\n" })
        {
            writer.WriteLine(string.Join(',', Headers.Select(Quoted)));
            for (var i = 0; i < Rows; i++)
            {
                var person = people.NextPerson();
                // An existing contact's email in another case: the job must still see it as that contact.
                var email = i < ExistingEmailRows ? existingEmails[i].ToUpperInvariant() : person.Email;
                writer.WriteLine(string.Join(',', new[] { person.FirstName, person.LastName, email, person.Phone, person.JobTitle }.Select(Lettered).Select(Quoted)));
            }
        }
        File.Move(partial, path);
        return path;
    }

    // Bogus' Italian first names hold U+FFFD where its data lost an "è" (Giosuè, Mosè): an export from a real CRM
    // would have the letter, and the import rightly refuses U+FFFD as bytes that were not text.
    private static string? Lettered(string? value) => value?.Replace('\uFFFD', 'è');

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Quoted(string? field) =>
        field is null ? "" : field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
}
