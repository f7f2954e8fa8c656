using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Deals;

/// <summary>A company to add to a deal; rules mirror deal_participants (its commission_rate stores a fraction, the form a percentage).</summary>
public sealed class ParticipantForm : IValidatableObject
{
    public const string MissingCompany = "Choose a company.";
    public const string UnknownRole = "Choose customer, principal, distributor or partner.";
    public const string InvalidCommission = "Enter a commission from 0 to 100 %.";

    [Required(ErrorMessage = MissingCompany)] public Guid? CompanyId { get; set; }
    [Required(ErrorMessage = UnknownRole)] public string? Role { get; set; } = DealParticipant.Customer;
    public bool IsPrimary { get; set; }
    [Range(typeof(decimal), "0", "100", ErrorMessage = InvalidCommission)] public decimal? CommissionPercent { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Role is not null && !DealParticipant.All.Contains(Role))
            yield return new(UnknownRole, [nameof(Role)]);
    }
}

/// <summary>One participant as the deal page lists it; CompanyName is null when the company was deleted.</summary>
public sealed record ParticipantRow(Guid Id, Guid CompanyId, string? CompanyName, string Role, bool IsPrimary, decimal? CommissionPercent);

/// <summary>
/// A participant change's outcome: no errors, or field errors (field name → sentence). When the
/// company lacks the principal or distributor role, CompanyLackingRole names it so the page can link there.
/// </summary>
public sealed record ParticipantResult(IReadOnlyDictionary<string, string> Errors, Guid? CompanyLackingRole = null)
{
    public bool Succeeded => Errors.Count == 0;

    public static readonly ParticipantResult Done = new(new Dictionary<string, string>());
    public static ParticipantResult Invalid(string field, string message, Guid? companyLackingRole = null) =>
        new(new Dictionary<string, string> { [field] = message }, companyLackingRole);
}
