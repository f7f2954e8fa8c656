namespace CrmBlazor.Data.Entities;

/// <summary>One of a pipeline's listed reasons a deal was lost, offered when a deal is marked lost; admins edit the list.</summary>
public class LostReason : TenantEntity
{
    public Guid PipelineId { get; set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
}
