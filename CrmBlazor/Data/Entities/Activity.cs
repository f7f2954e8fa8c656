namespace CrmBlazor.Data.Entities;

public class Activity : TenantEntity, ISoftDeletable
{
    public const string Call = "call";
    public const string Email = "email";
    public const string Meeting = "meeting";
    public const string Note = "note";
    public const string Task = "task";
    public static readonly string[] Types = [Call, Email, Meeting, Note, Task];

    public string Type { get; set; } = Note;
    public string Subject { get; set; } = "";
    public string? Body { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public Guid? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public Guid? CompanyId { get; set; }
    public Company? Company { get; set; }
    public Guid? DealId { get; set; }
    public Deal? Deal { get; set; }
    public Guid? OwnerId { get; set; }
    public User? Owner { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}
