using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Companies;

/// <summary>The company form; every rule mirrors a column length or CHECK constraint of companies and company_roles.</summary>
public sealed class CompanyForm : IValidatableObject
{
    /// <summary>ck_companies_domain_format, character for character.</summary>
    public const string DomainPattern = @"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$";
    public const string InvalidDomain = "Enter a domain like example.com.";
    public const string MissingName = "Enter the company's name.";

    [Required(ErrorMessage = MissingName), MaxLength(FieldLimits.Name)] public string? Name { get; set; }
    [MaxLength(FieldLimits.Domain), RegularExpression(DomainPattern, ErrorMessage = InvalidDomain)] public string? Domain { get; set; }
    [MaxLength(FieldLimits.Url), RegularExpression(@"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]\S*$", ErrorMessage = WebAddress.InvalidWebsite)] public string? Website { get; set; }
    [MaxLength(FieldLimits.Short)] public string? Industry { get; set; }
    [MaxLength(FieldLimits.Phone), RegularExpression(PhoneNumber.Pattern, ErrorMessage = PhoneNumber.Invalid)] public string? Phone { get; set; }
    [MaxLength(FieldLimits.Name)] public string? AddressLine { get; set; }
    [MaxLength(FieldLimits.Short)] public string? City { get; set; }
    [MaxLength(FieldLimits.Short)] public string? Region { get; set; }
    [MaxLength(FieldLimits.PostalCode)] public string? PostalCode { get; set; }
    [MaxLength(FieldLimits.Short)] public string? Country { get; set; }
    public Guid? OwnerId { get; set; }
    public IReadOnlyCollection<string> Roles { get; set; } = [];

    /// <summary>The xmin the form was loaded with; null for a new company.</summary>
    public uint? Version { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Roles.Any(r => !CompanyRole.All.Contains(r)))
            yield return new(CompanyConstraints.UnknownRole, [nameof(Roles)]);
    }
}

/// <summary>How the list can be sorted; the names match <see cref="CompanyListItem"/>'s, which the grid reports.</summary>
public enum CompanySort { Name, Domain, Industry, City, OwnerName, ContactCount }

/// <summary>One page of the company list. <paramref name="Page"/> counts from 0.</summary>
public sealed record CompanyQuery(
    string? Search = null, string? Role = null, CompanySort SortBy = CompanySort.Name, bool Descending = false,
    int Page = 0, int PageSize = CompanyQuery.DefaultPageSize, Guid? OwnerId = null)
{
    public const int DefaultPageSize = 25;
    public static readonly int[] PageSizes = [10, 25, 50, 100];
}

public sealed record CompanyListItem(
    Guid Id, string Name, string? Domain, string? Industry, string? City, string? Country, string? OwnerName,
    IReadOnlyList<string> Roles, int ContactCount, string? MatchHint)
{
    public string Location => string.Join(", ", new[] { City, Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
}

/// <summary>A page of the list; <paramref name="IsCapped"/> when a search matches more than <paramref name="TotalCount"/> (the list says "1,000+").</summary>
public sealed record CompanyListResult(IReadOnlyList<CompanyListItem> Items, int TotalCount, bool IsCapped = false);

public sealed record CompanyDetails(
    Guid Id, string Name, string? Domain, string? Website, string? Industry, string? Phone, string? Address,
    string? OwnerName, IReadOnlyList<string> Roles, IReadOnlyList<CompanyContact> Contacts, IReadOnlyList<CompanyDeal> Deals);

public sealed record CompanyContact(Guid Id, string DisplayName, string? JobTitle, string? Email);

public sealed record CompanyDeal(Guid Id, string Title, string Stage, decimal Value, string Currency);

public static class CompanyRoleNames
{
    public static string Label(string role) => role.Length == 0 ? role : char.ToUpperInvariant(role[0]) + role[1..];

    /// <summary>Roles in the order CompanyRole.All lists them, wherever they are shown.</summary>
    public static List<string> InOrder(IEnumerable<string> roles) => roles.OrderBy(r => Array.IndexOf(CompanyRole.All, r)).ToList();
}
