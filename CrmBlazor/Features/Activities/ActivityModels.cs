using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Activities;

/// <summary>A call, email, meeting, note or task; rules mirror the activities table's CHECKs.</summary>
public sealed class ActivityForm : IValidatableObject
{
    [Required] public string Type { get; set; } = Activity.Note;

    [Required(ErrorMessage = "Enter a subject."), MaxLength(FieldLimits.Subject)]
    public string Subject { get; set; } = "";

    [MaxLength(FieldLimits.Text)] public string? Body { get; set; }
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>When a call, email, meeting or note happened; now when left empty.</summary>
    public DateTimeOffset? HappenedAt { get; set; }

    [Range(0, ActivityOutcomes.MaxDurationMinutes, ErrorMessage = "Enter minutes from 0 to 1440 (a day).")]
    public int? DurationMinutes { get; set; }

    public string? Outcome { get; set; }
    public Guid? ContactId { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? DealId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Activity.Types.Contains(Type))
            yield return new("Choose call, email, meeting, note or task.", [nameof(Type)]);
        if (Outcome is not null && ActivityOutcomes.For(Type).All(o => o.Key != Outcome))
            yield return new(ActivityOutcomes.HasDetails(Type) ? "Choose one of the listed outcomes." : $"A {Type} has no outcome.", [nameof(Outcome)]);
        if (DurationMinutes is not null && !ActivityOutcomes.HasDetails(Type))
            yield return new($"A {Type} has no duration.", [nameof(DurationMinutes)]);
    }
}

/// <summary>A stored activity as its edit form reads it, with the names of what it is linked to.</summary>
public sealed record ActivityDetails(
    Guid Id, uint Version, string Type, string Subject, string? Body, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt,
    int? DurationMinutes, string? Outcome, Choice? Contact, Choice? Company, Choice? Deal)
{
    public ActivityForm ToForm() => new()
    {
        Type = Type, Subject = Subject, Body = Body, DueAt = DueAt, HappenedAt = Type == Activity.Task ? null : CompletedAt,
        DurationMinutes = DurationMinutes, Outcome = Outcome, ContactId = Contact?.Id, CompanyId = Company?.Id, DealId = Deal?.Id,
    };
}

/// <summary>A task is due at the end of the working day it is set for: 17:00 on the app's UTC calendar.</summary>
public static class TaskDue
{
    public static DateTimeOffset? On(DateTime? day) => day is { } d ? new DateTimeOffset(d.Date.AddHours(17), TimeSpan.Zero) : null;
}
