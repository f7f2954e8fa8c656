using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Activities;

/// <summary>Whose activities to list: the signed-in user's, everyone's, or one colleague's.</summary>
public sealed record ActivityOwner(string Label, Guid? UserId = null, bool Everyone = false)
{
    public static readonly ActivityOwner Me = new("Me");
    public static readonly ActivityOwner All = new("Everyone", Everyone: true);
}

/// <summary>
/// What the activities page shows: tasks in their four groups, or one page (from 0) of the calls,
/// emails, meetings or notes logged, the latest to happen first unless <paramref name="Oldest"/>.
/// </summary>
public sealed record ActivityFilter(string Type, ActivityOwner Owner, int Page = 0, bool Oldest = false)
{
    public const int PageSize = 25;
    public static readonly ActivityFilter MyTasks = new(Activity.Task, ActivityOwner.Me);
}

public sealed record ActivityRow(
    Guid Id, string Type, string Subject, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, DateTimeOffset CreatedAt,
    Guid? ContactId, string? ContactName, Guid? DealId, string? DealTitle, string? OwnerName,
    int? DurationMinutes = null, string? Outcome = null)
{
    public bool IsDone => CompletedAt is not null;

    /// <summary>The contact or deal is in the trash: shown as "(deleted)" with a way to restore it, not as a link to its page.</summary>
    public bool ContactTrashed { get; init; }
    public bool DealTrashed { get; init; }

    /// <summary>When a call, email, meeting or note happened: logged ones are completed when logged (or backdated).</summary>
    public DateTimeOffset HappenedAt => CompletedAt ?? CreatedAt;
}

/// <summary>Tasks by when they are due; Completed holds those finished recently, newest first.</summary>
public sealed record TaskGroups(
    IReadOnlyList<ActivityRow> Overdue, IReadOnlyList<ActivityRow> Today,
    IReadOnlyList<ActivityRow> Upcoming, IReadOnlyList<ActivityRow> Completed);

/// <summary>
/// Either the task groups (for tasks) or one page of the logged activities of one type: the page shown
/// (the last one when the one asked for is past the end) and how many pages there are.
/// </summary>
public sealed record ActivityListView(TaskGroups? Tasks, IReadOnlyList<ActivityRow> Logged, int Page = 0, int PageCount = 1);

public static class ActivityLabels
{
    public static string Plural(string type) => type switch
    {
        Activity.Call => "Calls",
        Activity.Email => "Emails",
        Activity.Meeting => "Meetings",
        Activity.Note => "Notes",
        _ => "Tasks",
    };
}
