namespace CrmBlazor.Data.Entities;

public class Deal : TenantEntity, ISoftDeletable, IUserOwned
{
    public string Title { get; set; } = "";
    public Guid PipelineId { get; set; }
    public Pipeline? Pipeline { get; set; }
    public Guid StageId { get; set; }
    public PipelineStage? Stage { get; set; }
    public Guid? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public Guid? CompanyId { get; set; }
    public Company? Company { get; set; }
    public Guid? OwnerId { get; set; }
    public User? Owner { get; set; }
    public decimal Value { get; set; }
    public string Currency { get; set; } = "USD";
    public int Probability { get; set; }
    public DateOnly? ExpectedCloseDate { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? LostReason { get; set; }

    /// <summary>The listed reason the deal was lost for, when it was one of its pipeline's; <see cref="LostReason"/> keeps the text either way.</summary>
    public Guid? LostReasonId { get; set; }

    /// <summary>Position within the stage column: a string that sorts between its neighbours (C collation).</summary>
    public string Rank { get; set; } = "";

    public DateTimeOffset? DeletedAt { get; set; }
    public List<DealTag> Tags { get; set; } = [];
    public List<DealParticipant> Participants { get; set; } = [];
}

/// <summary>A company taking part in a deal in a role; principals and distributors must hold that company role.</summary>
public class DealParticipant : TenantEntity
{
    public const string Customer = "customer";
    public const string Principal = "principal";
    public const string Distributor = "distributor";
    public const string Partner = "partner";
    public static readonly string[] All = [Customer, Principal, Distributor, Partner];

    public Guid DealId { get; set; }
    public Guid CompanyId { get; set; }
    public Company? Company { get; set; }
    public string Role { get; set; } = Customer;
    public bool IsPrimary { get; set; }
    public decimal? CommissionRate { get; set; }
}
