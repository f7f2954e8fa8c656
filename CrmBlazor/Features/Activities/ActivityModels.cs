using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Activities;

/// <summary>A call, email, meeting, note or task; rules mirror the activities table.</summary>
public sealed class ActivityForm
{
    [Required] public string Type { get; set; } = Activity.Note;

    [Required(ErrorMessage = "Enter a subject."), MaxLength(FieldLimits.Subject)]
    public string Subject { get; set; } = "";

    [MaxLength(FieldLimits.Text)] public string? Body { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public Guid? ContactId { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? DealId { get; set; }
}
