using CrmBlazor.Features.Deals;

namespace CrmBlazor.Features.Api.Deals;

/// <summary>
/// A deal as the API returns it: its pipeline and stage, <c>status</c> the stage's kind (open, won,
/// lost), its value, currency, probability and expected close. <c>version</c> is also its ETag.
/// </summary>
public sealed record DealResource(
    Guid Id, string Title, Guid PipelineId, string PipelineName, Guid StageId, string StageName, string Status,
    decimal Value, string Currency, int Probability, DateOnly? ExpectedCloseDate, DateTimeOffset? ClosedAt,
    string? LostReason, Guid? LostReasonId, Guid? CompanyId, Guid? ContactId, Guid? OwnerId, IReadOnlyList<Guid> TagIds,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version);

/// <summary>
/// A deal as a client sends it, to create one or to replace one's values (PUT: a field left out is
/// cleared, as an emptied field in the form is). No pipeline: the stage's, else the default; no stage:
/// the pipeline's first open one (or, on PUT, the deal's own); no probability: the stage's. The deal
/// form's rules apply, a lost stage needing <c>lostReason</c>.
/// </summary>
public sealed record DealInput(
    string? Title = null, Guid? PipelineId = null, Guid? StageId = null, decimal Value = 0, string? Currency = null,
    int? Probability = null, Guid? CompanyId = null, Guid? ContactId = null, Guid? OwnerId = null,
    DateOnly? ExpectedCloseDate = null, string? LostReason = null, IReadOnlyList<Guid>? TagIds = null)
{
    public DealForm ToForm(uint? version = null) => new()
    {
        Title = Title, PipelineId = PipelineId, StageId = StageId, Value = Value, Currency = Currency, Probability = Probability,
        CompanyId = CompanyId, ContactId = ContactId, OwnerId = OwnerId, ExpectedCloseDate = ExpectedCloseDate,
        LostReason = LostReason, TagIds = TagIds ?? [], Version = version,
    };
}

/// <summary>Which deals a list holds by their stage's kind.</summary>
public enum DealStatus { Open, Won, Lost }
