using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Admin.Pipelines;

public sealed partial class PipelineAdminService
{
    public const string DuplicateLostReason = "This pipeline already lists this reason.";
    public const string LostReasonGone = "This reason no longer exists; it may have been deleted.";

    /// <summary>The pipeline's listed lost reasons, in their order (new pipelines start with the database's defaults).</summary>
    public async Task<IReadOnlyList<Choice>> ListLostReasonsAsync(Guid pipelineId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.list_lost_reasons", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await DealOutcomeService.ListedAsync(db, pipelineId, ct);
    }

    /// <summary>Adds the reason at the end of the pipeline's list.</summary>
    public async Task<SaveResult> AddLostReasonAsync(Guid pipelineId, LostReasonForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.add_lost_reason", ct);
        var clean = new LostReasonForm { Name = Trimmed(form.Name) };
        if (SaveResult.IfInvalid(clean, nameof(LostReasonForm.Name)) is { } invalid) return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Pipelines.AnyAsync(p => p.Id == pipelineId, ct)) return SaveResult.Refused(PipelineGone);
        var last = await db.LostReasons.Where(r => r.PipelineId == pipelineId).MaxAsync(r => (int?)r.Position, ct);
        var reason = new LostReason { PipelineId = pipelineId, Name = clean.Name!, Position = (last ?? -1) + 1 };
        db.LostReasons.Add(reason);
        return await SaveAsync(db, () => (reason.Id, pipelineId), ct);
    }

    /// <summary>Renames the reason; deals already lost for it keep the text they were lost with.</summary>
    public async Task<SaveResult> RenameLostReasonAsync(Guid reasonId, LostReasonForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.rename_lost_reason", ct);
        var clean = new LostReasonForm { Name = Trimmed(form.Name) };
        if (SaveResult.IfInvalid(clean, nameof(LostReasonForm.Name)) is { } invalid) return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reason = await db.LostReasons.SingleOrDefaultAsync(r => r.Id == reasonId, ct);
        if (reason is null) return SaveResult.Refused(LostReasonGone);
        reason.Name = clean.Name!;
        return await SaveAsync(db, () => (reason.Id, reason.PipelineId), ct);
    }

    /// <summary>Removes the reason from the list; deals lost for it keep their text and lose only the link.</summary>
    public async Task<SaveResult> DeleteLostReasonAsync(Guid reasonId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.delete_lost_reason", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reason = await db.LostReasons.SingleOrDefaultAsync(r => r.Id == reasonId, ct);
        if (reason is null) return SaveResult.Refused(LostReasonGone);
        await db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(d => d.LostReasonId == reasonId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LostReasonId, (Guid?)null), ct);
        db.LostReasons.Remove(reason);
        return await CommitAsync(db, transaction, () => (reasonId, reason.PipelineId), ct);
    }
}
