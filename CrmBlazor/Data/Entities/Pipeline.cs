namespace CrmBlazor.Data.Entities;

public class Pipeline : TenantEntity
{
    public string Name { get; set; } = "";
    public bool IsDefault { get; set; }
    public List<PipelineStage> Stages { get; set; } = [];
    public List<LostReason> LostReasons { get; set; } = [];
}

public class PipelineStage : TenantEntity
{
    public const string Open = "open";
    public const string Won = "won";
    public const string Lost = "lost";

    public Guid PipelineId { get; set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
    public int Probability { get; set; }
    public string Kind { get; set; } = Open;
    public string Color { get; set; } = "#607D8B";
}
