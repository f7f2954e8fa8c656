using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Deals;

/// <summary>
/// The deal form; each rule mirrors a column or CHECK of deals. The rules that need other rows
/// (stage of the pipeline, contact of the company) are checked by <see cref="DealReferences"/>.
/// </summary>
public sealed class DealForm : IValidatableObject
{
    /// <summary>ck_deals_currency, character for character (the service upper-cases first).</summary>
    public const string CurrencyPattern = "^[A-Z]{3}$";

    /// <summary>The largest value numeric(18,2) holds.</summary>
    public const decimal MaxValue = 9_999_999_999_999_999.99m;

    public const string MissingTitle = "Enter the deal's title.";
    public const string NegativeValue = "Enter a value of 0 or more.";
    public const string ValueTooLarge = "Enter a value below 10,000,000,000,000,000.";
    public const string InvalidCurrency = "Enter a three-letter currency code, like EUR or USD.";
    public const string UnknownCurrency = "Choose a currency from the ISO 4217 list, like EUR or USD.";
    public const string InvalidProbability = "Enter a probability from 0 to 100.";

    [Required(ErrorMessage = MissingTitle), MaxLength(FieldLimits.Name)] public string? Title { get; set; }
    public Guid? PipelineId { get; set; }

    /// <summary>None: the pipeline's first open stage (or, when editing, the stage the deal is in).</summary>
    public Guid? StageId { get; set; }

    public decimal Value { get; set; }

    [Required(ErrorMessage = InvalidCurrency), RegularExpression(CurrencyPattern, ErrorMessage = InvalidCurrency)]
    public string? Currency { get; set; } = "USD";

    /// <summary>None: the chosen stage's probability.</summary>
    [Range(0, 100, ErrorMessage = InvalidProbability)] public int? Probability { get; set; }

    public Guid? CompanyId { get; set; }
    public Guid? ContactId { get; set; }
    public Guid? OwnerId { get; set; }
    public DateOnly? ExpectedCloseDate { get; set; }

    /// <summary>Needed, and kept, only while the deal is in a lost stage.</summary>
    [MaxLength(FieldLimits.Text)] public string? LostReason { get; set; }

    public IReadOnlyCollection<Guid> TagIds { get; set; } = [];

    /// <summary>The xmin the form was loaded with; null for a new deal.</summary>
    public uint? Version { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Value < 0) yield return new(NegativeValue, [nameof(Value)]);
        if (Value > MaxValue) yield return new(ValueTooLarge, [nameof(Value)]);
    }
}

/// <summary>A deal as its page shows it. Names are null when the company, contact or owner is gone.</summary>
public sealed record DealDetails(
    Guid Id, string Title, Guid PipelineId, string PipelineName, Guid StageId, string StageName, string StageKind, string StageColor,
    decimal Value, string Currency, int Probability, Guid? CompanyId, string? CompanyName, Guid? ContactId, string? ContactName,
    Guid? OwnerId, string? OwnerName, DateOnly? ExpectedCloseDate, DateTimeOffset? ClosedAt, string? LostReason,
    DateTimeOffset CreatedAt, uint Version)
{
    public IReadOnlyList<TagLabel> Tags { get; init; } = [];

    /// <summary>The deal's company or contact while it is in the trash (CompanyName or ContactName is then null).</summary>
    public string? TrashedCompanyName { get; init; }
    public string? TrashedContactName { get; init; }

    public DealForm ToForm() => new()
    {
        Title = Title, PipelineId = PipelineId, StageId = StageId, Value = Value, Currency = Currency, Probability = Probability,
        CompanyId = CompanyId, ContactId = ContactId, OwnerId = OwnerId, ExpectedCloseDate = ExpectedCloseDate,
        LostReason = LostReason, TagIds = Tags.Select(t => t.Id).ToList(), Version = Version,
    };
}

/// <summary>A new deal's form with its defaults, and the names of the company and contact it starts with.</summary>
public sealed record DealDraft(DealForm Form, Choice? Company, ContactChoice? Contact);

/// <summary>Another live deal of the same company with the same title: the deal form links to it.</summary>
public sealed record SameTitleDeal(Guid Id, string Title, string CompanyName);

public sealed record ContactChoice(Guid Id, string Name, Guid? CompanyId, string? CompanyName);

/// <summary>A stage the deal entered: From is null when the deal was created there.</summary>
public sealed record StageChange(DateTimeOffset At, string? From, string To, string? Who)
{
    /// <summary>"Stage changed from Proposal to Negotiation by Ann"; the page adds when.</summary>
    public string Sentence => (From is null ? $"Created in {To}" : $"Stage changed from {From} to {To}") + (Who is null ? "" : $" by {Who}");
}

/// <summary>A currency the deal form offers: its ISO 4217 code and name.</summary>
public sealed record CurrencyChoice(string Code, string Name)
{
    public override string ToString() => $"{Code} · {Name}";
}
