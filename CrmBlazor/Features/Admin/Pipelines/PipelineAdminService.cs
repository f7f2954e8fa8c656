using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Admin.Pipelines;

/// <summary>
/// Admin → Pipelines: the tenant's pipelines and their stages, changed by Owners and Admins only.
/// Each method uses its own DbContext (circuit-safe); a change of several rows is one transaction;
/// the database's triggers audit every row. After each commit the pipeline's open boards are told
/// to reload. The stage methods are in PipelineAdminService.Stages.cs.
/// </summary>
public sealed partial class PipelineAdminService(
    IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, ITenantContext tenant, IPipelineChangeFeed feed, TimeProvider clock)
{
    public const string DuplicatePipelineName = "A pipeline with this name already exists.";
    public const string DuplicateStageName = "This pipeline already has a stage with this name.";
    public const string ChangedMeanwhile = "Someone else changed this pipeline a moment ago; it has been reloaded. Try again.";
    public const string PipelineGone = "This pipeline no longer exists.";

    /// <summary>Every pipeline, by name, with its stages in position order and the deals each holds.</summary>
    public async Task<IReadOnlyList<PipelineSummary>> ListAsync(CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.list", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        var stages = await db.PipelineStages.AsNoTracking().OrderBy(s => s.Position).ToListAsync(ct);
        // Deleted deals still point at their stage, so deleting it must move them too: count both.
        var counts = (await db.Deals.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
                .GroupBy(d => new { d.StageId, Trashed = d.DeletedAt != null })
                .Select(g => new { g.Key.StageId, g.Key.Trashed, Count = g.Count() })
                .ToListAsync(ct))
            .ToDictionary(c => (c.StageId, c.Trashed), c => c.Count);
        return pipelines.Select(p => new PipelineSummary(p.Id, p.Name, p.IsDefault, p.Version,
                stages.Where(s => s.PipelineId == p.Id)
                    .Select(s => new StageRow(s.Id, s.PipelineId, s.Name, s.Position, s.Probability, s.Kind, s.Color,
                        counts.GetValueOrDefault((s.Id, false)), counts.GetValueOrDefault((s.Id, true)), s.Version))
                    .ToList()))
            .ToList();
    }

    /// <summary>A new pipeline with the stages every tenant starts with; the tenant's first becomes its default.</summary>
    public async Task<SaveResult> CreatePipelineAsync(PipelineForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.create", ct);
        var name = Trimmed(form.Name);
        if (SaveResult.IfInvalid(new PipelineForm { Name = name }, nameof(PipelineForm.Name)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await PipelineNameTakenAsync(db, name!, null, ct))
            return SaveResult.Invalid(nameof(PipelineForm.Name), DuplicatePipelineName);
        var pipeline = new Data.Entities.Pipeline
        {
            Name = name!, IsDefault = !await db.Pipelines.AnyAsync(ct), Stages = DefaultPipeline.Create().Stages,
        };
        db.Pipelines.Add(pipeline);
        return await SaveAsync(db, () => (pipeline.Id, pipeline.Id), ct);
    }

    /// <summary>Renames the pipeline, if it still has the Version the form was loaded with.</summary>
    public async Task<SaveResult> RenamePipelineAsync(Guid pipelineId, PipelineForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.rename", ct);
        var loadedVersion = form.Version ?? throw new ArgumentException("A rename must carry the Version it was loaded with.", nameof(form));
        var name = Trimmed(form.Name);
        if (SaveResult.IfInvalid(new PipelineForm { Name = name }, nameof(PipelineForm.Name)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pipeline = await db.Pipelines.SingleOrDefaultAsync(p => p.Id == pipelineId, ct);
        if (pipeline is null) return SaveResult.Refused(PipelineGone);
        if (await PipelineNameTakenAsync(db, name!, pipelineId, ct))
            return SaveResult.Invalid(nameof(PipelineForm.Name), DuplicatePipelineName);
        db.Entry(pipeline).Property(p => p.Version).OriginalValue = loadedVersion;
        pipeline.Name = name!;
        return await SaveAsync(db, () => (pipeline.Id, pipeline.Id), ct);
    }

    /// <summary>
    /// Makes the pipeline the tenant's default in one transaction. The old default is cleared first:
    /// ux_pipelines_one_default is checked row by row, while "a default exists" is checked at commit.
    /// </summary>
    public async Task<SaveResult> SetDefaultAsync(Guid pipelineId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "pipelines.set_default", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await db.Pipelines.AnyAsync(p => p.Id == pipelineId, ct)) return SaveResult.Refused(PipelineGone);
            await db.Pipelines.Where(p => p.IsDefault && p.Id != pipelineId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), ct);
            await db.Pipelines.Where(p => p.Id == pipelineId && !p.IsDefault)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, true), ct);
            await PublishChangeAsync(db, pipelineId, ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex) when (PipelineConstraints.IsRace(ex))
        {
            return SaveResult.Refused(ChangedMeanwhile);
        }
        return SaveResult.Saved(pipelineId);
    }

    /// <summary>
    /// Saves, tells the pipeline's boards, and answers with <paramref name="saved"/>'s id; a broken rule becomes the
    /// sentence next to its field, a concurrent change a request to try again.
    /// </summary>
    private async Task<SaveResult> SaveAsync(CrmDbContext db, Func<(Guid Id, Guid PipelineId)> saved, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (Refusal(ex) is { } refused)
        {
            return refused;
        }
        var (id, pipelineId) = saved();
        await PublishChangeAsync(db, pipelineId, ct);
        return SaveResult.Saved(id);
    }

    /// <summary>What to answer when EX is a rule the database enforced or a concurrent change; null for anything else.</summary>
    private static SaveResult? Refusal(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => SaveResult.Refused(ChangedMeanwhile),
        _ when PipelineConstraints.Describe(ex) is { } field => SaveResult.Invalid(field),
        _ when PipelineConstraints.IsRace(ex) => SaveResult.Refused(ChangedMeanwhile),
        _ => null,
    };

    private Task PublishChangeAsync(CrmDbContext db, Guid pipelineId, CancellationToken ct) =>
        feed.PublishAsync(db, new PipelineChange(tenant.TenantId!.Value, pipelineId), ct);

    private static Task<bool> PipelineNameTakenAsync(CrmDbContext db, string name, Guid? except, CancellationToken ct)
    {
        var normalized = name.ToLowerInvariant();
        return db.Pipelines.AnyAsync(p => p.Name.ToLower() == normalized && p.Id != except, ct);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
