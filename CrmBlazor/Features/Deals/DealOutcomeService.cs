using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Deals;

/// <summary>
/// Marks a deal won or lost, or reopens it, from its page or its card's menu. Each is a move to the
/// bottom of the right stage through <see cref="DealMoveService"/>, so ranks, closing time, stage
/// history, audit and open boards follow exactly as for a drag on the board.
/// </summary>
public sealed class DealOutcomeService(IDbContextFactory<CrmDbContext> dbFactory, DealMoveService moves)
{
    public const string NoWonStage = "This pipeline has no won stage; an admin can add one under Admin → Pipelines.";
    public const string NoLostStage = "This pipeline has no lost stage; an admin can add one under Admin → Pipelines.";
    public const string NoOpenStage = "This pipeline has no open stage to reopen the deal in.";
    public const string ReasonGone = "That reason is no longer on the list; choose another.";

    /// <summary>The pipeline's listed lost reasons, in their order.</summary>
    public async Task<IReadOnlyList<Choice>> LostReasonsAsync(Guid pipelineId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ListedAsync(db, pipelineId, ct);
    }

    /// <summary>The pipeline's listed lost reasons in their order: what the dialog offers and the admin page edits.</summary>
    internal static Task<List<Choice>> ListedAsync(CrmDbContext db, Guid pipelineId, CancellationToken ct) =>
        db.LostReasons.Where(r => r.PipelineId == pipelineId).OrderBy(r => r.Position).ThenBy(r => r.Name)
            .Select(r => new Choice(r.Id, r.Name)).ToListAsync(ct);

    public Task<DealMoveResult> MarkWonAsync(Guid dealId, uint version, CancellationToken ct = default) =>
        MoveToAsync(dealId, version, PipelineStage.Won, null, ct);

    /// <summary>Lost for a listed reason (recorded by its name as it is now), or for the text of "Other…" (<see cref="LostOutcome.ReasonId"/> null).</summary>
    public Task<DealMoveResult> MarkLostAsync(Guid dealId, uint version, LostOutcome outcome, CancellationToken ct = default) =>
        MoveToAsync(dealId, version, PipelineStage.Lost, outcome, ct);

    /// <summary>Back to the last open stage the deal was in (read from its audit trail), or its pipeline's first open stage.</summary>
    public async Task<DealMoveResult> ReopenAsync(Guid dealId, uint version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deal = await db.Deals.Where(d => d.Id == dealId).Select(d => new { d.PipelineId }).SingleOrDefaultAsync(ct);
        if (deal is null) return DealMoveResult.Refused(DealService.NoLongerExists);
        var open = await db.PipelineStages.Where(s => s.PipelineId == deal.PipelineId && s.Kind == PipelineStage.Open)
            .OrderBy(s => s.Position).Select(s => s.Id).ToListAsync(ct);
        if (open.Count == 0) return DealMoveResult.Refused(NoOpenStage);
        var stagesBefore = await db.AuditLogs
            .Where(l => l.TableName == "deals" && l.RecordId == dealId && l.Action == AuditLog.Update)
            .OrderByDescending(l => l.Id).Select(l => l.OldData).Take(50).ToListAsync(ct);
        var lastOpen = stagesBefore.Select(old => Guid.TryParse(Timeline.AuditChanges.Value(old, "stage_id"), out var id) ? id : Guid.Empty)
            .FirstOrDefault(open.Contains);
        return await moves.MoveAsync(new DealMove(dealId, version, lastOpen == Guid.Empty ? open[0] : lastOpen, null, null), ct);
    }

    private async Task<DealMoveResult> MoveToAsync(Guid dealId, uint version, string kind, LostOutcome? lost, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deal = await db.Deals.Where(d => d.Id == dealId).Select(d => new { d.PipelineId }).SingleOrDefaultAsync(ct);
        if (deal is null) return DealMoveResult.Refused(DealService.NoLongerExists);
        var stage = await db.PipelineStages.Where(s => s.PipelineId == deal.PipelineId && s.Kind == kind)
            .OrderBy(s => s.Position).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        if (stage is not { } stageId) return DealMoveResult.Refused(kind == PipelineStage.Won ? NoWonStage : NoLostStage);
        var text = lost?.Text.Trim();
        if (lost?.ReasonId is { } reasonId)
        {
            text = await db.LostReasons.Where(r => r.Id == reasonId && r.PipelineId == deal.PipelineId).Select(r => r.Name).SingleOrDefaultAsync(ct);
            if (text is null) return DealMoveResult.Refused(ReasonGone);
        }
        return await moves.MoveAsync(new DealMove(dealId, version, stageId, null, null, text) { LostReasonId = lost?.ReasonId }, ct);
    }
}

/// <summary>Why a deal was lost: one of its pipeline's listed reasons and its name, or "Other…" (no id) with its text.</summary>
public sealed record LostOutcome(Guid? ReasonId, string Text);
