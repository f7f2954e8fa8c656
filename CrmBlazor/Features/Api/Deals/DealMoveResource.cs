namespace CrmBlazor.Features.Api.Deals;

/// <summary>
/// A move of a deal to another stage of its pipeline, as the board makes it (to the bottom of that
/// column). Into a lost stage it needs a reason: one of the pipeline's listed ones (<c>lostReasonId</c>)
/// or a text of its own (<c>lostNote</c>), not both.
/// </summary>
public sealed record DealMoveInput(Guid? StageId = null, Guid? LostReasonId = null, string? LostNote = null);

/// <summary>A stage the deal entered, the latest first: <c>fromStage</c> is null where it was created.</summary>
public sealed record DealStageEntry(DateTimeOffset At, string? FromStage, string ToStage, string? By);
