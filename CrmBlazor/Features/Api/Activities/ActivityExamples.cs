using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Api.Docs;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Activities;

/// <summary>The activities endpoints' example bodies in the reference (/api/docs); the document check keeps them as served.</summary>
public static class ActivityExamples
{
    private static readonly Guid Id = Guid.Parse("7f3e5d1c-9b2a-4c8e-a6f4-1d3b5c7e9f02");
    private static readonly Guid TaskId = Guid.Parse("2a4c6e80-b1d3-4f5a-9c7e-0b2d4f6a8c1e");
    private static readonly Guid ContactId = Guid.Parse("0b9f6c3e-6a55-4c1e-9a39-2f1b7d3c8e41");
    private static readonly Guid CompanyId = Guid.Parse("6d0e2f51-8c3a-4b7e-a1f2-9e4c5b6a7d80");
    private static readonly Guid DealId = Guid.Parse("5a7c2e90-3b1d-4f6e-8a2c-7d9e0f1a2b3c");
    private static readonly Guid OwnerId = Guid.Parse("e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9");
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    public static readonly ActivityInput Input = new(
        Type: "call", Subject: "Pricing call with Ada", Body: "Wants the 40-seat quote by Friday.", DurationMinutes: 25,
        Outcome: "connected", ContactId: ContactId, DealId: DealId);

    public static readonly ActivityResource Call = new(
        Id, "call", "Pricing call with Ada", "Wants the 40-seat quote by Friday.", null, Created, true, 25, "connected",
        ContactId, CompanyId, DealId, OwnerId, Created, Created, 88213);

    public static readonly ActivityResource Task = new(
        TaskId, "task", "Send the 40-seat quote", null, Created.AddDays(4), null, false, null, null,
        ContactId, CompanyId, DealId, OwnerId, Created, Created, 88240);

    public static readonly ActivityResource DoneTask = Task with { CompletedAt = Created.AddDays(3), Done = true, UpdatedAt = Created.AddDays(3), Version = 88301 };

    public static readonly ApiPage<ActivityResource> Page = new([Call, Task], ApiCursor.AfterRow(Task.CreatedAt, Task.Id));

    public static readonly BulkRequest<ActivityInput?> BulkInput = new(
        [Input, new(Type: "task", Subject: "Send the 40-seat quote", DueAt: Created.AddDays(4), ContactId: ContactId, DealId: DealId)]);

    public static readonly BulkResponse<ActivityResource> BulkCreated = new([Call, Task]);

    public static readonly HttpValidationProblemDetails InvalidValues = ProblemExamples.Invalid(("outcome", "Choose one of the listed outcomes."));

    public static readonly ProblemDetails BulkRefused = ProblemExamples.BulkRefused("activity", 1, "type", ActivityInput.TypeNeeded);

    public static readonly ProblemDetails NotATask = ProblemExamples.Refused(ActivityService.OnlyTasksAreDone);
}
