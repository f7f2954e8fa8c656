namespace CrmBlazor.Features.Timeline;

public enum TimelineKind { Call, Email, Meeting, Note, Task, Created, Changed, Deleted, Restored }

/// <summary>One line of a record's history: an activity, or a change the audit trigger recorded.</summary>
public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string Text, string? Detail, string? Who)
{
    /// <summary>For tasks: done, or still open.</summary>
    public bool? Completed { get; init; }
}
