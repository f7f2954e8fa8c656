using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmBlazor.Features.Admin.Pipelines;

public sealed partial class PipelineAdminService
{
    public const string StageGone = "This stage no longer exists; it may have been deleted.";
    public const string LastStage = "A pipeline needs at least one stage, and this is its last.";
    public const string LastOpenStage = "A pipeline needs at least one open stage for the deals in progress, and this is its last.";
    public const string KindNeedsEmptyStage =
        "This stage holds deals, and won and lost close the deals in them: move its deals to another stage before changing its kind.";
    public const string LastWonStage = "A pipeline needs at least one won stage to mark deals won, and this is its last.";
    public const string LastLostStage = "A pipeline needs at least one lost stage to mark deals lost, and this is its last.";
    public const string OpenStagesFirst = "Open stages come before the won and lost stages; keep the closed stages at the end.";
    public const string TargetNeeded = "Choose the stage its deals move to.";
    public const string TargetNotInPipeline = "Choose another stage of this pipeline.";
    public const string LostReasonNeeded = "Say why these deals were lost; the reason is recorded on each deal that has none yet.";

    /// <summary>Runs after each step of deleting a stage, inside its transaction; a test seam for fault injection.</summary>
    internal Func<StageDeletionStep, Task> AfterDeletionStepAsync { get; set; } = _ => Task.CompletedTask;

    /// <summary>Adds the stage: an open one after the last open stage (before won and lost), a closed one at the end.</summary>
    public async Task<SaveResult> AddStageAsync(Guid pipelineId, StageForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.add_stage", ct);
        var clean = Clean(form);
        if (SaveResult.IfInvalid(clean, nameof(StageForm.Name)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Pipelines.AnyAsync(p => p.Id == pipelineId, ct)) return SaveResult.Refused(PipelineGone);
        if (await StageNameTakenAsync(db, pipelineId, clean.Name!, null, ct))
            return SaveResult.Invalid(nameof(StageForm.Name), DuplicateStageName);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockPipelineAsync(db, pipelineId, ct);
        var stages = await db.PipelineStages.Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Position).ToListAsync(ct);
        var stage = new PipelineStage
        {
            PipelineId = pipelineId, Name = clean.Name!, Probability = clean.Probability!.Value, Kind = clean.Kind!, Color = clean.Color!,
        };
        db.PipelineStages.Add(stage);
        stages.Add(stage);
        KeepOpenStagesFirst(stages);
        return await CommitAsync(db, transaction, () => (stage.Id, pipelineId), ct);
    }

    /// <summary>
    /// Renames, recolors, or sets the probability or kind of the stage, if it still has the Version the
    /// form was loaded with. A new probability applies to deals moved into the stage from now on. The
    /// kind changes only while the stage is empty, since won and lost close their deals, and the last
    /// open stage stays open.
    /// </summary>
    public async Task<SaveResult> UpdateStageAsync(Guid stageId, StageForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.update_stage", ct);
        var loadedVersion = EditVersion.Of(form.Version, nameof(form));
        var clean = Clean(form);
        if (SaveResult.IfInvalid(clean, nameof(StageForm.Name)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var stage = await db.PipelineStages.SingleOrDefaultAsync(s => s.Id == stageId, ct);
        if (stage is null) return SaveResult.Refused(StageGone);
        var errors = new Dictionary<string, string>();
        if (await StageNameTakenAsync(db, stage.PipelineId, clean.Name!, stageId, ct))
            errors[nameof(StageForm.Name)] = DuplicateStageName;
        if (clean.Kind != stage.Kind)
        {
            // Serialises kind changes and deletions within the pipeline, so two of them cannot each
            // leave the other stage as the last open one and together leave none.
            await LockPipelineAsync(db, stage.PipelineId, ct);
            if (await db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).AnyAsync(d => d.StageId == stageId, ct))
                errors[nameof(StageForm.Kind)] = KindNeedsEmptyStage;
            else if (!await OtherStageOfKindExistsAsync(db, stage, ct))
                errors[nameof(StageForm.Kind)] = LastOfKind(stage.Kind);
        }
        if (errors.Count > 0) return SaveResult.Invalid(errors);
        db.Entry(stage).Property(s => s.Version).OriginalValue = loadedVersion;
        stage.Name = clean.Name!;
        stage.Color = clean.Color!;
        stage.Probability = clean.Probability!.Value;
        if (stage.Kind != clean.Kind)
        {
            stage.Kind = clean.Kind!;
            // A stage turned won or lost goes after the open ones; one turned open, before the closed ones.
            KeepOpenStagesFirst(await db.PipelineStages.Where(s => s.PipelineId == stage.PipelineId).OrderBy(s => s.Position).ToListAsync(ct));
        }
        return await CommitAsync(db, transaction, () => (stage.Id, stage.PipelineId), ct);
    }

    /// <summary>
    /// Gives the pipeline's stages the positions of <paramref name="stageIds"/>, in one transaction (uq_pipeline_stages_position
    /// is checked at commit, so stages may swap). <paramref name="stageIds"/> must name every stage of the pipeline once.
    /// </summary>
    public async Task<SaveResult> ReorderStagesAsync(Guid pipelineId, IReadOnlyList<Guid> stageIds, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.reorder_stages", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockPipelineAsync(db, pipelineId, ct);
        var stages = await db.PipelineStages.Where(s => s.PipelineId == pipelineId).ToDictionaryAsync(s => s.Id, ct);
        // A stage added or deleted since the page loaded: the order the user chose is no longer complete.
        if (stages.Count == 0 || stageIds.Count != stages.Count || !stageIds.All(stages.ContainsKey) || stageIds.Distinct().Count() != stageIds.Count)
            return SaveResult.Refused(stages.Count == 0 ? PipelineGone : ChangedMeanwhile);
        if (!OpenBeforeClosed(stageIds.Select(id => stages[id].Kind))) return SaveResult.Refused(OpenStagesFirst);
        for (var position = 0; position < stageIds.Count; position++)
            stages[stageIds[position]].Position = position;
        return await CommitAsync(db, transaction, () => (pipelineId, pipelineId), ct);
    }

    /// <summary>
    /// Deletes the stage. A stage holding deals (deleted ones too, which may be restored) needs a target
    /// stage of the same pipeline: its deals move there first, after the target's last deal and in their
    /// own order, following a move's rules (into won or lost they close; a lost reason is recorded on
    /// each deal that has none, and is required when any lacks one). Moving and deleting are one
    /// transaction. The last stage, and the last open stage, stay.
    /// </summary>
    public async Task<SaveResult> DeleteStageAsync(Guid stageId, StageDeletion deletion, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.delete_stage", ct);
        if (SaveResult.IfInvalid(deletion, nameof(StageDeletion.TargetStageId)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locked until commit: a deal dropped into this stage meanwhile waits, then fails, instead of
        // arriving after its deals were counted.
        var stage = await db.PipelineStages.FromSql($"SELECT *, xmin FROM pipeline_stages WHERE id = {stageId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (stage is null) return SaveResult.Refused(StageGone);
        await LockPipelineAsync(db, stage.PipelineId, ct);
        var others = await db.PipelineStages.Where(s => s.PipelineId == stage.PipelineId && s.Id != stageId).ToListAsync(ct);
        if (others.Count == 0) return SaveResult.Refused(LastStage);
        if (others.All(s => s.Kind != stage.Kind)) return SaveResult.Refused(LastOfKind(stage.Kind));

        var deals = await db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
            .Where(d => d.StageId == stageId).OrderBy(d => d.Rank).ThenBy(d => d.Id).ToListAsync(ct);
        if (deals.Count > 0)
        {
            if (deletion.TargetStageId is not { } targetId) return SaveResult.Invalid(nameof(StageDeletion.TargetStageId), TargetNeeded);
            if (others.SingleOrDefault(s => s.Id == targetId) is not { } target)
                return SaveResult.Invalid(nameof(StageDeletion.TargetStageId), TargetNotInPipeline);
            var reason = Trimmed(deletion.LostReason);
            if (target.Kind == PipelineStage.Lost && reason is null && deals.Any(d => string.IsNullOrWhiteSpace(d.LostReason)))
                return SaveResult.Invalid(nameof(StageDeletion.LostReason), LostReasonNeeded);
            if (await MoveDealsAsync(db, deals, target, reason, ct) is { } refused) return refused;
            await AfterDeletionStepAsync(StageDeletionStep.DealsMoved);
        }
        db.PipelineStages.Remove(stage);
        return await CommitAsync(db, transaction, () => (stageId, stage.PipelineId), ct,
            () => AfterDeletionStepAsync(StageDeletionStep.StageDeleted));
    }

    /// <summary>
    /// Puts <paramref name="deals"/>, in their order, after the last deal of <paramref name="target"/> (deleted ones included, so a restored
    /// deal never meets its rank taken) with the closing rules of a move. Null when saved.
    /// </summary>
    private async Task<SaveResult?> MoveDealsAsync(
        CrmDbContext db, List<Deal> deals, PipelineStage target, string? lostReason, CancellationToken ct)
    {
        // The lock a column rebalance takes, so none rewrites the target's ranks meanwhile.
        await ColumnLock.TakeAsync(db, target.Id, ct);
        var last = await db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
            .Where(d => d.StageId == target.Id).OrderByDescending(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
        var ranks = RanksAfter(last, deals.Count);
        var now = clock.GetUtcNow();
        for (var i = 0; i < deals.Count; i++)
        {
            var deal = deals[i];
            deal.StageId = target.Id;
            deal.Rank = ranks[i];
            deal.Probability = target.Probability;
            deal.ClosedAt = StageEntry.ClosedAt(target.Kind, deal.ClosedAt, now);
            var keepsReason = !string.IsNullOrWhiteSpace(deal.LostReason);
            deal.LostReason = StageEntry.LostReason(target.Kind, keepsReason ? deal.LostReason : lostReason);
            if (target.Kind != PipelineStage.Lost || !keepsReason) deal.LostReasonId = null;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (Exception ex) when (Refusal(ex) is { } refused)
        {
            return refused;
        }
    }

    /// <summary>
    /// <paramref name="count"/> ranks in ascending order after <paramref name="last"/> (null: an empty column). Each is the midpoint of the
    /// range left for it, so they stay a few characters long however many deals arrive at once.
    /// </summary>
    internal static IReadOnlyList<string> RanksAfter(string? last, int count)
    {
        var ranks = new string[count];
        Fill(last, null, 0, count - 1);
        return ranks;

        void Fill(string? low, string? high, int from, int to)
        {
            if (from > to) return;
            var middle = (from + to) / 2;
            ranks[middle] = DealRank.Between(low, high);
            Fill(low, ranks[middle], from, middle - 1);
            Fill(ranks[middle], high, middle + 1, to);
        }
    }

    /// <summary>
    /// Saves, runs <paramref name="beforeCommit"/>, tells the boards and commits: they hear of it at commit, and of
    /// nothing when it fails; see <see cref="SaveAsync"/>.
    /// </summary>
    private async Task<SaveResult> CommitAsync(CrmDbContext db, IDbContextTransaction transaction,
        Func<(Guid Id, Guid PipelineId)> saved, CancellationToken ct, Func<Task>? beforeCommit = null)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            if (beforeCommit is not null) await beforeCommit();
            var (id, pipelineId) = saved();
            await PublishChangeAsync(db, pipelineId, ct);
            await transaction.CommitAsync(ct);
            return SaveResult.Saved(id);
        }
        catch (Exception ex) when (Refusal(ex) is { } refused)
        {
            return refused;
        }
    }

    // FOR NO KEY UPDATE: admin changes to one pipeline queue up, while deals, whose foreign keys
    // only take KEY SHARE locks on the pipeline, are never held up by it.
    private static Task LockPipelineAsync(CrmDbContext db, Guid pipelineId, CancellationToken ct) =>
        db.Pipelines.FromSql($"SELECT * FROM pipelines WHERE id = {pipelineId} FOR NO KEY UPDATE").Select(p => p.Id).ToListAsync(ct);

    private static Task<bool> OtherStageOfKindExistsAsync(CrmDbContext db, PipelineStage stage, CancellationToken ct) =>
        db.PipelineStages.AnyAsync(s => s.PipelineId == stage.PipelineId && s.Id != stage.Id && s.Kind == stage.Kind, ct);

    /// <summary>Why the last stage of <paramref name="kind"/> stays (the database's keep_won_and_lost says so too for won and lost).</summary>
    private static string LastOfKind(string kind) => kind switch
    {
        PipelineStage.Won => LastWonStage,
        PipelineStage.Lost => LastLostStage,
        _ => LastOpenStage,
    };

    /// <summary>Whether no open stage comes after a won or lost one (the database's open_stages_first).</summary>
    internal static bool OpenBeforeClosed(IEnumerable<string> kinds) =>
        kinds.SkipWhile(k => k == PipelineStage.Open).All(k => k != PipelineStage.Open);

    /// <summary>Numbers <paramref name="stages"/> (in their order) with the open ones first, each group keeping its order.</summary>
    private static void KeepOpenStagesFirst(List<PipelineStage> stages)
    {
        var ordered = stages.Where(s => s.Kind == PipelineStage.Open).Concat(stages.Where(s => s.Kind != PipelineStage.Open)).ToList();
        for (var position = 0; position < ordered.Count; position++)
            ordered[position].Position = position;
    }

    private static Task<bool> StageNameTakenAsync(CrmDbContext db, Guid pipelineId, string name, Guid? except, CancellationToken ct)
    {
        var normalized = name.ToLowerInvariant();
        return db.PipelineStages.AnyAsync(s => s.PipelineId == pipelineId && s.Name.ToLower() == normalized && s.Id != except, ct);
    }

    private static StageForm Clean(StageForm form) => new()
    {
        Name = Trimmed(form.Name),
        Color = form.Color?.Trim().ToUpperInvariant(),
        Probability = form.Probability,
        Kind = form.Kind?.Trim().ToLowerInvariant(),
        Version = form.Version,
    };
}
