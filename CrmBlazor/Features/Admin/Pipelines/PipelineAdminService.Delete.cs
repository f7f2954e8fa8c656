using CrmBlazor.Data;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Admin.Pipelines;

public sealed partial class PipelineAdminService
{
    public const string DefaultPipelineStays = "The default pipeline stays; make another pipeline the default first.";

    /// <summary>
    /// Deletes the pipeline with its stages and listed lost reasons, in one transaction. The default pipeline
    /// stays (every tenant keeps one), and so does a pipeline that holds deals, deleted ones included: they
    /// could be restored, and a deal always has a pipeline.
    /// </summary>
    public async Task<SaveResult> DeletePipelineAsync(Guid pipelineId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.delete", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Other admin changes to the pipeline wait; a deal added to it meanwhile fails the delete's foreign key instead.
        await LockPipelineAsync(db, pipelineId, ct);
        var pipeline = await db.Pipelines.SingleOrDefaultAsync(p => p.Id == pipelineId, ct);
        if (pipeline is null) return SaveResult.Refused(PipelineGone);
        if (pipeline.IsDefault) return SaveResult.Refused(DefaultPipelineStays);
        var deals = await db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).CountAsync(d => d.PipelineId == pipelineId, ct);
        if (deals > 0)
            return SaveResult.Refused(
                $"This pipeline holds {Plural.Of(deals, "deal")} (counting those in the trash); move them to another pipeline or delete them for good first.");
        db.Pipelines.Remove(pipeline);
        return await CommitAsync(db, transaction, () => (pipelineId, pipelineId), ct);
    }
}
