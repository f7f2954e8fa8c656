using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Features.Api.Docs;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Api.Deals;

/// <summary>The deals endpoints' example bodies in the reference (/api/docs); the document check keeps them as served.</summary>
public static class DealExamples
{
    private static readonly Guid Id = Guid.Parse("5a7c2e90-3b1d-4f6e-8a2c-7d9e0f1a2b3c");
    private static readonly Guid PipelineId = Guid.Parse("1e4d7a20-9c3b-4a5f-b6e8-2f0d1c3b4a59");
    private static readonly Guid StageId = Guid.Parse("8b3f1c6d-2e4a-4d7b-9f0c-5a6e7d8c9b10");
    private static readonly Guid LostStageId = Guid.Parse("c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f");
    private static readonly Guid LostReasonId = Guid.Parse("4f6a8c0e-2b4d-4e6f-a8b0-c2d4e6f8a0b2");
    private static readonly Guid CompanyId = Guid.Parse("6d0e2f51-8c3a-4b7e-a1f2-9e4c5b6a7d80");
    private static readonly Guid ContactId = Guid.Parse("0b9f6c3e-6a55-4c1e-9a39-2f1b7d3c8e41");
    private static readonly Guid TagId = Guid.Parse("3c2a1b0f-4e5d-4f6a-8b7c-1d2e3f4a5b6c");
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    public static readonly DealInput Input = new(
        Title: "Analytical Engines: 40 seats", StageId: StageId, Value: 48000m, Currency: "EUR",
        CompanyId: CompanyId, ContactId: ContactId, ExpectedCloseDate: new DateOnly(2026, 6, 30), TagIds: [TagId]);

    public static readonly DealResource Deal = new(
        Id, "Analytical Engines: 40 seats", PipelineId, "Sales", StageId, "Proposal", "open", 48000m, "EUR", 50,
        new DateOnly(2026, 6, 30), null, null, null, CompanyId, ContactId, null, [TagId], Created, Created.AddHours(3), 73019);

    public static readonly ApiPage<DealResource> Page = new([Deal], ApiCursor.AfterRow(Deal.CreatedAt, Deal.Id));

    public static readonly BulkRequest<DealInput?> BulkInput = new([Input, Input with { Title = "Difference Engine support", Value = 9500m }]);

    public static readonly BulkResponse<DealResource> BulkCreated = new(
        [Deal, Deal with { Id = Guid.Parse("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a"), Title = "Difference Engine support", Value = 9500m }]);

    public static readonly DealMoveInput LostMove = new(StageId: LostStageId, LostReasonId: LostReasonId);

    public static readonly DealResource Lost = Deal with
    {
        StageId = LostStageId, StageName = "Lost", Status = "lost", Probability = 0, ClosedAt = Created.AddDays(20),
        LostReason = "Price", LostReasonId = LostReasonId, UpdatedAt = Created.AddDays(20), Version = 73044,
    };

    public static readonly ApiPage<DealStageEntry> Moves = new(
        [new(Created.AddDays(20), "Proposal", "Lost", "Grace Hopper"), new(Created, null, "Proposal", "Grace Hopper")], null);

    public static readonly HttpValidationProblemDetails InvalidValues = ProblemExamples.Invalid(("title", DealForm.MissingTitle));

    public static readonly ProblemDetails BulkRefused = ProblemExamples.BulkRefused("deal", 1, "title", DealForm.MissingTitle);

    public static readonly HttpValidationProblemDetails LostReasonNeeded = ProblemExamples.Invalid(("lostReasonId",
        $"{DealMoveResult.LostReasonNeeded} Send lostReasonId (GET {ApiRoutes.Prefix}/pipelines/{PipelineId} lists them) or lostNote."));
}
