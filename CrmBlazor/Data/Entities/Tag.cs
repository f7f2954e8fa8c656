namespace CrmBlazor.Data.Entities;

public class Tag : TenantEntity
{
    public string Name { get; set; } = "";
    public string Color { get; set; } = "#607D8B";
}

/// <summary>Shared shape of the three tag join tables.</summary>
public abstract class TagAssignment : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid TagId { get; set; }
    public Tag? Tag { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}

public class ContactTag : TagAssignment
{
    public Guid ContactId { get; set; }
}

public class CompanyTag : TagAssignment
{
    public Guid CompanyId { get; set; }
}

public class DealTag : TagAssignment
{
    public Guid DealId { get; set; }
}
