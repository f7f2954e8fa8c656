using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Pipelines;

/// <summary>
/// The API's reads of pipelines, for every role (the board shows them all): each with its stages in
/// position order and its listed lost reasons. A tenant has a handful, so a list is one page.
/// </summary>
public sealed class PipelineListing(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PipelineResource>> ListAsync(CancellationToken ct) => await ReadAsync(null, ct);

    public async Task<PipelineResource?> GetAsync(Guid id, CancellationToken ct) => (await ReadAsync(id, ct)).SingleOrDefault();

    public async Task<StageResource?> StageAsync(Guid pipelineId, Guid stageId, CancellationToken ct) =>
        (await GetAsync(pipelineId, ct))?.Stages.SingleOrDefault(s => s.Id == stageId);

    public async Task<LostReasonResource?> LostReasonAsync(Guid pipelineId, Guid reasonId, CancellationToken ct) =>
        (await GetAsync(pipelineId, ct))?.LostReasons.SingleOrDefault(r => r.Id == reasonId);

    private async Task<IReadOnlyList<PipelineResource>> ReadAsync(Guid? id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Pipelines.Where(p => id == null || p.Id == id).OrderBy(p => p.Name)
            .Select(p => new PipelineResource(p.Id, p.Name, p.IsDefault,
                p.Stages.OrderBy(s => s.Position).Select(s => new StageResource(s.Id, s.Name, s.Position, s.Kind, s.Probability, s.Color, s.Version)).ToList(),
                p.LostReasons.OrderBy(r => r.Position).ThenBy(r => r.Name).Select(r => new LostReasonResource(r.Id, r.Name)).ToList(),
                p.CreatedAt, p.UpdatedAt, p.Version))
            .ToListAsync(ct);
    }
}
