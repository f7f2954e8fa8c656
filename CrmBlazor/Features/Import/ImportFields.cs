using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Import;

/// <summary>
/// A field a source column can map to. <paramref name="Key"/> is stable (stored in saved mappings and
/// presets); <paramref name="MaxLength"/> is the column's limit in the database, null for non-text values.
/// </summary>
public sealed record ImportField(string Key, string Label, int? MaxLength = null);

/// <summary>The "Maps to" choices of each kind, in the order the mapping step offers them.</summary>
public static class ImportFields
{
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    /// <summary>A whole name in one column ("Ava Dubois", "Dubois, Ava"), split into first and last name.</summary>
    public const string FullName = "full_name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string JobTitle = "job_title";
    public const string Notes = "notes";
    /// <summary>The company by name: matched to an existing one, or created when the import is told to.</summary>
    public const string CompanyName = "company_name";
    /// <summary>The company by web domain (a bare domain, a URL or an email address all give the domain).</summary>
    public const string CompanyDomain = "company_domain";
    /// <summary>The owning user, by email or by display name.</summary>
    public const string Owner = "owner";
    /// <summary>Tag names separated by commas or semicolons; missing tags are created.</summary>
    public const string Tags = "tags";

    public const string Name = "name";
    public const string Domain = "domain";
    public const string Website = "website";
    public const string Industry = "industry";
    public const string AddressLine = "address_line";
    public const string City = "city";
    public const string Region = "region";
    public const string PostalCode = "postal_code";
    public const string Country = "country";

    public const string Title = "title";
    public const string Value = "value";
    public const string Currency = "currency";
    public const string Pipeline = "pipeline";
    public const string Stage = "stage";
    public const string Probability = "probability";
    public const string ExpectedCloseDate = "expected_close_date";
    /// <summary>A deal's contact, by email.</summary>
    public const string ContactEmail = "contact_email";
    /// <summary>Why a deal in a lost stage was lost (required there, as on the board).</summary>
    public const string LostReason = "lost_reason";

    public static readonly IReadOnlyList<ImportField> Contacts =
    [
        new(FirstName, "First name", FieldLimits.Name),
        new(LastName, "Last name", FieldLimits.Name),
        new(FullName, "Full name (split into first and last)", FieldLimits.Name * 2),
        new(Email, "Email", FieldLimits.Email),
        new(Phone, "Phone", FieldLimits.Phone),
        new(JobTitle, "Job title", FieldLimits.Name),
        new(Notes, "Notes", FieldLimits.Text),
        new(CompanyName, "Company name", FieldLimits.Name),
        new(CompanyDomain, "Company domain", FieldLimits.Domain),
        new(Owner, "Owner (email or name)", FieldLimits.Email),
        new(Tags, "Tags", FieldLimits.Text),
    ];

    public static readonly IReadOnlyList<ImportField> Companies =
    [
        new(Name, "Name", FieldLimits.Name),
        new(Domain, "Domain", FieldLimits.Domain),
        new(Website, "Website", FieldLimits.Url),
        new(Industry, "Industry", FieldLimits.Name),
        new(Phone, "Phone", FieldLimits.Phone),
        new(AddressLine, "Street address", FieldLimits.Name),
        new(City, "City", FieldLimits.Name),
        new(Region, "Region or state", FieldLimits.Name),
        new(PostalCode, "Postal code", FieldLimits.PostalCode),
        new(Country, "Country", FieldLimits.Name),
        new(Owner, "Owner (email or name)", FieldLimits.Email),
        new(Tags, "Tags", FieldLimits.Text),
    ];

    public static readonly IReadOnlyList<ImportField> Deals =
    [
        new(Title, "Title", FieldLimits.Name),
        new(Value, "Amount"),
        // No length: the review's check of three letters says more than "too long".
        new(Currency, "Currency (ISO code)"),
        new(Pipeline, "Pipeline", FieldLimits.Name),
        new(Stage, "Stage", FieldLimits.Name),
        new(Probability, "Probability (%)"),
        new(ExpectedCloseDate, "Expected close date"),
        new(CompanyName, "Company name", FieldLimits.Name),
        new(ContactEmail, "Contact email", FieldLimits.Email),
        new(LostReason, "Lost reason", FieldLimits.Text),
        new(Owner, "Owner (email or name)", FieldLimits.Email),
        new(Tags, "Tags", FieldLimits.Text),
    ];

    public static IReadOnlyList<ImportField> For(ImportKind kind) => kind switch
    {
        ImportKind.Contacts => Contacts,
        ImportKind.Companies => Companies,
        ImportKind.Deals => Deals,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
