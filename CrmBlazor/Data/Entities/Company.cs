namespace CrmBlazor.Data.Entities;

public class Company : TenantEntity, ISoftDeletable, IUserOwned
{
    public string Name { get; set; } = "";
    public string? Domain { get; set; }
    public string? Website { get; set; }
    public string? Industry { get; set; }
    public string? Phone { get; set; }
    public string? AddressLine { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
    public Guid? OwnerId { get; set; }
    public User? Owner { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public List<CompanyRole> Roles { get; set; } = [];
    public List<CompanyTag> Tags { get; set; } = [];
}

/// <summary>What a company is to us; a principal or distributor role is required to act as one on a deal.</summary>
public class CompanyRole : ITenantOwned
{
    public const string Customer = "customer";
    public const string Prospect = "prospect";
    public const string Partner = "partner";
    public const string Vendor = "vendor";
    public const string Distributor = "distributor";
    public const string Principal = "principal";
    public static readonly string[] All = [Customer, Prospect, Partner, Vendor, Distributor, Principal];

    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }
    public string Role { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
