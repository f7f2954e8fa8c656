using CrmBlazor.Features.Activities;

namespace CrmBlazor.Features.Api.Activities;

/// <summary>
/// An activity as the API returns it: a call, email, meeting, note or task. <c>completedAt</c> is when
/// a logged one happened or a task was done; <c>done</c> says whether it is. <c>version</c> is also its ETag.
/// </summary>
public sealed record ActivityResource(
    Guid Id, string Type, string Subject, string? Body, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, bool Done,
    int? DurationMinutes, string? Outcome, Guid? ContactId, Guid? CompanyId, Guid? DealId, Guid? OwnerId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version);

/// <summary>
/// An activity as a client sends it, to create one or to replace one's values (PUT: a field left out is
/// cleared; the type stays what it was created as). The activity dialog's rules apply: a task has a due
/// date and no outcome, a call or meeting an outcome of its own list, the company agrees with the deal's
/// and the contact's. A logged activity happened now unless <c>happenedAt</c> says when.
/// </summary>
public sealed record ActivityInput(
    string? Type = null, string? Subject = null, string? Body = null, DateTimeOffset? DueAt = null, DateTimeOffset? HappenedAt = null,
    int? DurationMinutes = null, string? Outcome = null, Guid? ContactId = null, Guid? CompanyId = null, Guid? DealId = null)
{
    public const string TypeNeeded = "Choose call, email, meeting, note or task.";

    public ActivityForm ToForm() => new()
    {
        Type = Type ?? "", Subject = Subject ?? "", Body = Body, DueAt = DueAt, HappenedAt = HappenedAt,
        DurationMinutes = DurationMinutes, Outcome = Outcome, ContactId = ContactId, CompanyId = CompanyId, DealId = DealId,
    };
}
