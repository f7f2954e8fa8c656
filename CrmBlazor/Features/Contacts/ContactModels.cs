using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Contacts;

/// <summary>The contact form; every rule mirrors a column length or CHECK constraint of contacts.</summary>
public sealed class ContactForm : IValidatableObject
{
    [MaxLength(FieldLimits.Name)] public string? FirstName { get; set; }
    [MaxLength(FieldLimits.Name)] public string? LastName { get; set; }

    [MaxLength(FieldLimits.Email)]
    [RegularExpression(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", ErrorMessage = "Enter a valid email address, like name@example.com.")]
    public string? Email { get; set; }

    [MaxLength(FieldLimits.Phone)] public string? Phone { get; set; }
    [MaxLength(FieldLimits.Name)] public string? JobTitle { get; set; }
    [MaxLength(FieldLimits.Text)] public string? Notes { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? OwnerId { get; set; }
    public IReadOnlyCollection<Guid> TagIds { get; set; } = [];

    /// <summary>The xmin the form was loaded with; null for a new contact.</summary>
    public uint? Version { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(FirstName) && string.IsNullOrWhiteSpace(LastName))
            yield return new("Enter a first or a last name.", [nameof(FirstName), nameof(LastName)]);
    }
}

public sealed record ContactDetails(
    Guid Id, string? FirstName, string? LastName, string? Email, string? Phone, string? JobTitle, string? Notes,
    Guid? CompanyId, string? CompanyName, Guid? OwnerId, string? OwnerName, DateTimeOffset CreatedAt, uint Version)
{
    public string DisplayName => ContactNames.Display(FirstName, LastName);

    public IReadOnlyList<TagChip> Tags { get; init; } = [];
    public IReadOnlyList<ContactDeal> Deals { get; init; } = [];

    public ContactForm ToForm() => new()
    {
        FirstName = FirstName, LastName = LastName, Email = Email, Phone = Phone, JobTitle = JobTitle, Notes = Notes,
        CompanyId = CompanyId, OwnerId = OwnerId, Version = Version, TagIds = Tags.Select(t => t.Id).ToList(),
    };
}

public sealed record ContactDeal(Guid Id, string Title, string Stage, decimal Value, string Currency);

public sealed record Choice(Guid Id, string Name);

/// <summary>A save's outcome: the contact's id, or field errors (field name → sentence) to show next to the fields.</summary>
public sealed record SaveResult(Guid? Id, IReadOnlyDictionary<string, string> Errors, Guid? ExistingContactId = null)
{
    public const string ChangedBySomeoneElse = "This contact was changed by someone else while you edited it. Their values are shown; make your change again.";

    /// <summary>Set when the save was refused because the contact changed meanwhile: its current values.</summary>
    public ContactDetails? Current { get; init; }

    public bool Succeeded => Id is not null;
    public static SaveResult Saved(Guid id) => new(id, new Dictionary<string, string>());
    public static SaveResult Invalid(string field, string message, Guid? existing = null) =>
        new(null, new Dictionary<string, string> { [field] = message }, existing);
    public static SaveResult Invalid(IReadOnlyDictionary<string, string> errors) => new(null, errors);
    public static SaveResult Conflict(ContactDetails current) =>
        new(null, new Dictionary<string, string> { [""] = ChangedBySomeoneElse }) { Current = current };
}

public static class ContactNames
{
    public static string Display(string? first, string? last) => $"{first} {last}".Trim();
}
