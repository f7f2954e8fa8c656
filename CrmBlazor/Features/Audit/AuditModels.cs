using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Audit;

/// <summary>One changed field, as read: "Value: 10,000 EUR → 12,000 EUR". Revertable when its old value may be written back.</summary>
public sealed record ShownChange(string Column, string Label, string Old, string New, bool Revertable = false);

/// <summary>
/// One entry of the audit log: who did what to which record, with the fields it changed or the event's detail,
/// and where from (the client's address and user agent; null for background work and older entries).
/// </summary>
public sealed record AuditEntry(
    long Id, DateTimeOffset At, string? Who, string Action, bool IsEvent, string Type, string? RecordName, string? Link,
    string? Detail, IReadOnlyList<ShownChange> Changes, string? ClientIp = null, string? UserAgent = null);

/// <summary>One page of the audit log and how many entries match (counted up to <see cref="AuditQuery.CountCap"/>).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int TotalCount)
{
    public bool IsCapped => TotalCount > AuditQuery.CountCap;
}

/// <summary>
/// The audit log's filters and page. <paramref name="Action"/> is a row action (insert, update, delete),
/// "event" for any event, or one event's name. Dates are UTC days, both included.
/// </summary>
public sealed record AuditQuery(
    Guid? UserId = null, string? Action = null, string? Table = null, DateOnly? From = null, DateOnly? To = null,
    string? Name = null, int Page = 0, int PageSize = AuditQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public static readonly int[] PageSizes = [25, 50, 100];

    /// <summary>Matches are counted up to here: a count of millions costs seconds, and nobody pages that far.</summary>
    public const int CountCap = 10_000;

    /// <summary>Shorter name text is ignored: it has no trigram for the index to look up.</summary>
    public const int MinNameLength = 3;

    public string? NameFilter => ListPaging.Search(Name?.Trim()) is { Length: >= MinNameLength } text ? text : null;

    /// <summary>An event's name alone says the action is 'event' (a check constraint), and leaves the planner the event's index.</summary>
    public string? ActionFilter => Action is not null && AuditLabels.Actions.ContainsKey(Action) ? Action : null;

    public string? EventFilter => Action is not null && !AuditLabels.Actions.ContainsKey(Action) ? Action : null;
}
