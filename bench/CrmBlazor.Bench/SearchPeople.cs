using Bogus;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Bench;

/// <summary>
/// Companies and their people as a CRM holds them, in sixteen locales (mostly Latin script), so names
/// carry real accents: Müller, Łukasz, Nguyễn, García. Bogus's name lists hold about 17,000 surnames
/// together; double surnames (Spanish and Brazilian), Dutch "van der" names and double-barrelled or
/// cross-locale married names take a tenant past 50,000 distinct ones. Deterministic for a seed.
/// </summary>
public sealed class SearchPeople
{
    public sealed record Company(Guid Id, string Name, string Domain, DateTime CreatedAt, DateTime UpdatedAt);

    public sealed record Person(
        Guid Id, string FirstName, string LastName, string? Email, string? Phone, string? JobTitle, Guid CompanyId,
        DateTime CreatedAt, DateTime UpdatedAt);

    private sealed record Locale(string Code, int Weight, string CountryCode, string Tld, string[] FreeMail);

    private static readonly Locale[] Locales =
    [
        new("en", 14, "1", "com", ["gmail.com", "yahoo.com", "outlook.com"]),
        new("de", 12, "49", "de", ["gmx.de", "web.de", "gmail.com"]),
        new("fr", 9, "33", "fr", ["orange.fr", "free.fr", "gmail.com"]),
        new("es", 9, "34", "es", ["gmail.com", "hotmail.es"]),
        new("it", 8, "39", "it", ["libero.it", "gmail.com"]),
        new("pl", 7, "48", "pl", ["wp.pl", "onet.pl", "gmail.com"]),
        new("cz", 6, "420", "cz", ["seznam.cz", "gmail.com"]),
        new("tr", 5, "90", "com.tr", ["gmail.com", "hotmail.com"]),
        new("vi", 5, "84", "vn", ["gmail.com", "yahoo.com.vn"]),
        new("pt_BR", 5, "55", "com.br", ["gmail.com", "uol.com.br"]),
        new("nl", 4, "31", "nl", ["gmail.com", "ziggo.nl"]),
        new("sv", 4, "46", "se", ["gmail.com", "telia.se"]),
        new("hr", 4, "385", "hr", ["gmail.com", "net.hr"]),
        new("nb_NO", 3, "47", "no", ["gmail.com", "online.no"]),
        new("ru", 3, "7", "ru", ["yandex.ru", "mail.ru"]),
        new("fi", 2, "358", "fi", ["gmail.com"]),
    ];

    private static readonly int TotalWeight = Locales.Sum(l => l.Weight);

    private static readonly string[] DutchInfixes = ["van", "de", "van der", "van den", "van de", "ter", "den"];

    private readonly Random random;
    private readonly Faker[] fakers;
    private readonly DateTime now;
    private readonly List<(Company Company, Locale Locale)> companies = [];
    private readonly List<double> cumulativeSize = [];
    private readonly HashSet<string> emails = [];
    private readonly HashSet<string> phoneDigits = [];

    public SearchPeople(int seed, DateTime now)
    {
        random = new Random(seed);
        fakers = Locales.Select((l, i) => new Faker(l.Code) { Random = new Randomizer(seed * 100 + i) }).ToArray();
        this.now = now;
    }

    /// <summary>Every distinct surname given so far.</summary>
    public HashSet<string> Surnames { get; } = [];

    /// <summary>
    /// The companies, each with a size drawn log-normally (median about 10 people, a few with a thousand,
    /// many with two or three), which the people are then spread by.
    /// </summary>
    public IReadOnlyList<Company> CreateCompanies(int count)
    {
        var names = new HashSet<string>();
        var domains = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var (locale, faker) = PickLocale();
            var name = Fit(faker.Company.CompanyName(), FieldLimits.Name);
            for (var tries = 0; !names.Add(name) && tries < 10; tries++) name = Fit(faker.Company.CompanyName(), FieldLimits.Name);
            var label = string.Join('-', AsciiWords(name).Take(2)) is { Length: > 0 } words ? Fit(words, 60) : $"company{i}";
            var domain = $"{label}.{locale.Tld}";
            for (var n = 2; !domains.Add(domain); n++) domain = $"{label}-{n}.{locale.Tld}";
            var (created, updated) = Stamps();
            companies.Add((new Company(NewId(), name, domain, created, updated), locale));
            var size = Math.Exp(2.3 + 1.2 * Gaussian());
            cumulativeSize.Add((cumulativeSize.Count > 0 ? cumulativeSize[^1] : 0) + size);
        }
        return companies.Select(c => c.Company).ToList();
    }

    /// <summary>The next person: mostly of their company's locale, at its domain (first.last@, f.last@ …), some at free providers.</summary>
    public Person NextPerson()
    {
        var index = cumulativeSize.BinarySearch(random.NextDouble() * cumulativeSize[^1]);
        var (company, companyLocale) = companies[Math.Min(index < 0 ? ~index : index, companies.Count - 1)];
        var (locale, faker) = random.NextDouble() < 0.85 ? (companyLocale, fakers[Array.IndexOf(Locales, companyLocale)]) : PickLocale();
        var first = Fit(faker.Name.FirstName(), FieldLimits.Name);
        var last = Fit(Surname(locale, faker), FieldLimits.Name);
        Surnames.Add(last);
        var email = random.NextDouble() < 0.03 ? null : Email(first, last, random.NextDouble() < 0.88 ? company.Domain : Pick(locale.FreeMail));
        var phone = random.NextDouble() < 0.92 ? Phone(locale) : null;
        var jobTitle = random.NextDouble() < 0.85 ? Fit(faker.Name.JobTitle(), FieldLimits.Name) : null;
        var (created, updated) = Stamps();
        return new Person(NewId(), first, last, email, phone, jobTitle, company.Id, created, updated);
    }

    private string Surname(Locale locale, Faker faker)
    {
        var roll = random.NextDouble();
        var last = faker.Name.LastName();
        if (locale.Code is "es" or "pt_BR" && roll < 0.6) return last + (roll < 0.3 ? " " : "-") + faker.Name.LastName();
        if (locale.Code == "nl" && roll < 0.35) return Pick(DutchInfixes) + " " + last;
        if (roll < 0.08) return last + "-" + faker.Name.LastName();
        if (roll < 0.10 && locale.Code != "ru")
        {
            // Married across borders: a second surname from another Latin-script locale.
            var (other, otherFaker) = PickLocale();
            if (other.Code != "ru") return last + "-" + otherFaker.Name.LastName();
        }
        return last;
    }

    private string Email(string first, string last, string domain)
    {
        var (f, l) = (string.Concat(AsciiWords(first)), string.Concat(AsciiWords(last)));
        if (f.Length == 0) f = "contact";
        if (l.Length == 0) l = "x";
        var local = random.Next(20) switch
        {
            < 10 => $"{f}.{l}",
            < 12 => $"{f}.{l}{random.Next(10, 100)}",
            < 16 => $"{f[0]}.{l}",
            < 18 => f + l,
            _ => $"{f}_{l}",
        };
        var email = $"{local}@{domain}";
        while (!emails.Add(email)) email = $"{local}{random.Next(2, 1000)}@{domain}";
        return email;
    }

    /// <summary>"+49 30 1234567": a country code, a 2–3 digit area code and a 6–8 digit number, unique by digits.</summary>
    private string Phone(Locale locale)
    {
        while (true)
        {
            var areaLength = random.Next(2, 4);
            var area = random.Next(1, 10) + random.Next((int)Math.Pow(10, areaLength - 1)).ToString($"D{areaLength - 1}");
            var length = random.Next(6, 9);
            var number = random.NextInt64((long)Math.Pow(10, length)).ToString($"D{length}");
            if (phoneDigits.Add(locale.CountryCode + area + number)) return $"+{locale.CountryCode} {area} {number}";
        }
    }

    /// <summary>The ASCII words of a name as an address would spell it: "Nguyễn Văn" gives "nguyen", "van"; Cyrillic is transliterated.</summary>
    private static IEnumerable<string> AsciiWords(string text) =>
        new string(Transliterater.Translate(text, "en").ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private (DateTime Created, DateTime Updated) Stamps()
    {
        var created = now - TimeSpan.FromDays(random.NextDouble() * 730);
        return (created, created + (now - created) * random.NextDouble());
    }

    private (Locale Locale, Faker Faker) PickLocale()
    {
        var roll = random.Next(TotalWeight);
        for (var i = 0; ; i++)
            if ((roll -= Locales[i].Weight) < 0) return (Locales[i], fakers[i]);
    }

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)(bytes[7] & 0x0F | 0x40); // version 4
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    private static string Fit(string text, int limit) => text.Length <= limit ? text : text[..limit];
}
