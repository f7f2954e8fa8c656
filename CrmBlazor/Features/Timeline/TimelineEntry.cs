namespace CrmBlazor.Features.Timeline;

public enum TimelineKind { Call, Email, Meeting, Note, Task, Created, Changed, Deleted, Restored }

/// <summary>One line of a record's history: an activity, or a change the audit trigger recorded.</summary>
public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string Text, string? Detail, string? Who)
{
    /// <summary>For tasks: done, or still open.</summary>
    public bool? Completed { get; init; }

    /// <summary>The activity this line is (none for a change the audit recorded), which its menu edits.</summary>
    public TimelineActivity? Activity { get; init; }
}

/// <summary>What an activity's line needs to edit it: its id, type, subject and, for a task, when it is due.</summary>
public sealed record TimelineActivity(Guid Id, string Type, string Subject, DateTimeOffset? DueAt);
