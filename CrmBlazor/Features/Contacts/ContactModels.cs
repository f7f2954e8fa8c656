using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Contacts;

/// <summary>The contact form; every rule mirrors a column length or CHECK constraint of contacts.</summary>
public sealed class ContactForm : IValidatableObject
{
    [MaxLength(FieldLimits.Name)] public string? FirstName { get; set; }
    [MaxLength(FieldLimits.Name)] public string? LastName { get; set; }

    [MaxLength(FieldLimits.Email)]
    [RegularExpression(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", ErrorMessage = "Enter a valid email address, like name@example.com.")]
    public string? Email { get; set; }

    [MaxLength(FieldLimits.Phone), RegularExpression(PhoneNumber.Pattern, ErrorMessage = PhoneNumber.Invalid)] public string? Phone { get; set; }
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

    public IReadOnlyList<TagLabel> Tags { get; init; } = [];

    /// <summary>The contact's company while it is in the trash (CompanyName is then null).</summary>
    public string? TrashedCompanyName { get; init; }
    public IReadOnlyList<ContactDeal> Deals { get; init; } = [];

    public ContactForm ToForm() => new()
    {
        FirstName = FirstName, LastName = LastName, Email = Email, Phone = Phone, JobTitle = JobTitle, Notes = Notes,
        CompanyId = CompanyId, OwnerId = OwnerId, Version = Version, TagIds = Tags.Select(t => t.Id).ToList(),
    };
}

public sealed record ContactDeal(Guid Id, string Title, string Stage, decimal Value, string Currency);

public static class ContactNames
{
    public static string Display(string? first, string? last) => $"{first} {last}".Trim();
}
