using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;

namespace CrmBlazor.Features.Api.Deals;

/// <summary>
/// /api/v1/deals/{id}/moves: a deal moved to another stage through the board's own path
/// (DealMoveService), so the won and lost rules, the stage history and open boards follow as for a drag.
/// </summary>
public static class DealMoveEndpoints
{
    public const string StageNeeded = "Choose the stage to move the deal to.";
    public const string ReasonOrNote = "Send either lostReasonId (one of the pipeline's listed reasons) or lostNote, not both.";

    public static async Task<IResult> MoveAsync(
        Guid id, DealMoveInput input, DealListing listing, DealOutcomeService outcomes, DealMoveService moves, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        if (await listing.GetAsync(id, ct) is not { } deal) return ApiProblems.NotFound("deal");
        if (deal.Version != version) return Stale();
        if (input.StageId is not { } stageId) return Invalid(nameof(DealMoveInput.StageId), StageNeeded);
        if (!await listing.IsStageOfAsync(deal.PipelineId, stageId, ct))
            return Invalid(nameof(DealMoveInput.StageId),
                $"That stage is not part of the {deal.PipelineName} pipeline; choose one of its stages ({ApiRoutes.Prefix}/pipelines/{deal.PipelineId}).");
        if (input.LostReasonId is not null && input.LostNote is not null) return Invalid(nameof(DealMoveInput.LostNote), ReasonOrNote);

        var reason = input.LostNote;
        if (input.LostReasonId is { } reasonId)
        {
            reason = (await outcomes.LostReasonsAsync(deal.PipelineId, ct)).FirstOrDefault(r => r.Id == reasonId)?.Name;
            if (reason is null) return Invalid(nameof(DealMoveInput.LostReasonId), DealOutcomeService.ReasonGone);
        }
        var moved = await moves.MoveAsync(new DealMove(id, deal.Version, stageId, null, null, reason) { LostReasonId = input.LostReasonId }, ct);
        if (!moved.Moved)
            return moved.Refusal switch
            {
                DealMoveResult.LostReasonNeeded => Invalid(nameof(DealMoveInput.LostReasonId),
                    $"{DealMoveResult.LostReasonNeeded} Send lostReasonId (GET {ApiRoutes.Prefix}/pipelines/{deal.PipelineId} lists them) or lostNote."),
                DealMoveResult.ChangedMeanwhile => Stale(),
                _ => Results.Problem(moved.Refusal, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Refused"),
            };
        var now = (await listing.GetAsync(id, ct))!;
        ApiVersion.Tag(http, now.Version);
        return Results.Ok(now);
    }

    public static async Task<IResult> HistoryAsync(Guid id, DealListing listing, CancellationToken ct) =>
        await listing.StageHistoryAsync(id, ct) is { } entries
            ? Results.Ok(new ApiPage<DealStageEntry>(entries, null))
            : ApiProblems.NotFound("deal");

    private static IResult Invalid(string field, string sentence) =>
        ApiProblems.Refused(Shared.SaveResult.Invalid(field, sentence), "deal");

    private static IResult Stale() => Results.Problem(
        "This deal was changed since the version you sent. Read it again (GET) and send its new ETag in If-Match.",
        statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed");
}
