namespace CrmBlazor.Data.Entities;

public class Activity : TenantEntity, ISoftDeletable, IUserOwned
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
    /// <summary>For a task, when it was done; for a call, email, meeting or note, when it happened.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>How long a call or meeting took.</summary>
    public int? DurationMinutes { get; set; }
    /// <summary>How a call or meeting went: one of <see cref="ActivityOutcomes"/> for its type.</summary>
    public string? Outcome { get; set; }
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
