using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Deals.Moves;
using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// A tenant with one pipeline of the default six stages and 10,000 deals spread over them, rebuilt
/// by the schema owner at the start of every run (the movers reshuffle it). Audit and rule triggers
/// are off for the load, inside the same transaction: this is generated test data, not history (the load's
/// bulk.load event says so in the audit log). Its Owner and default pipeline are made in the same transaction.
/// </summary>
public static class PipelineData
{
    public const int Deals = 10_000;

    public sealed record Board(Guid TenantId, Guid OwnerId, Guid PipelineId, IReadOnlyList<Guid> DealIds);

    public static async Task<Board> CreateAsync(NpgsqlDataSource owner)
    {
        await using var connection = await owner.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var tenant = await ScalarAsync(connection, "select id from tenants where slug = 'bench-pipeline'") as Guid? ?? Guid.NewGuid();
        await ActAsTenantAsync(connection, tenant);
        foreach (var table in Tables) await ExecuteAsync(connection, $"alter table {table} disable trigger user");
        await ExecuteAsync(connection, "delete from tenants where id = @t", ("t", tenant));
        await ExecuteAsync(connection, "insert into tenants (id, name, slug) values (@t, 'Bench pipeline', 'bench-pipeline')", ("t", tenant));

        // The movers act as this tenant's owner (a move needs a signed-in user who may edit records).
        var ownerId = await AddOwnerAsync(connection, tenant, "Bench Mover", "mover@bench-pipeline.local");

        var pipeline = DefaultPipeline.Create();
        var pipelineId = Guid.NewGuid();
        await ExecuteAsync(connection, "insert into pipelines (id, tenant_id, name, is_default) values (@p, @t, @n, true)",
            ("p", pipelineId), ("t", tenant), ("n", pipeline.Name));
        foreach (var stage in pipeline.Stages)
        {
            var id = Guid.NewGuid();
            await ExecuteAsync(connection, """
                insert into pipeline_stages (id, tenant_id, pipeline_id, name, position, probability, kind, color)
                values (@id, @t, @p, @n, @pos, @prob, @kind, @color)
                """, ("id", id), ("t", tenant), ("p", pipelineId), ("n", stage.Name), ("pos", stage.Position),
                ("prob", stage.Probability), ("kind", stage.Kind), ("color", stage.Color));
            var count = Deals / pipeline.Stages.Count + (stage.Position < Deals % pipeline.Stages.Count ? 1 : 0);
            await ExecuteAsync(connection, """
                insert into deals (tenant_id, pipeline_id, stage_id, title, value, currency, probability, rank, closed_at, lost_reason)
                select @t, @p, @s, 'Deal ' || r.i, 1000 + r.i, 'USD', @prob, r.rank,
                       case when @kind <> 'open' then now() end, case when @kind = 'lost' then 'Chose a competitor' end
                from unnest(@ranks) with ordinality as r(rank, i)
                """, ("t", tenant), ("p", pipelineId), ("s", id), ("prob", stage.Probability), ("kind", stage.Kind),
                ("ranks", DealRank.Spread(count).ToArray()));
        }
        await EnableTriggersAsync(connection, Tables);
        await RecordBulkLoadAsync(connection, Tables, $"bench: a board of {Deals:N0} generated deals");
        await transaction.CommitAsync();
        await ExecuteAsync(connection, "vacuum analyze deals");
        var ids = new List<Guid>();
        await using (var command = new NpgsqlCommand("select id from deals where pipeline_id = @p", connection))
        {
            command.Parameters.AddWithValue("p", pipelineId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        }
        return new(tenant, ownerId, pipelineId, ids);
    }

    /// <summary>The ordering anomalies the bench must not find: shared ranks in a column, deals outside their pipeline's stages, lost deals.</summary>
    public static async Task<(long SharedRanks, long OutsideStages, long Missing)> AnomaliesAsync(NpgsqlDataSource owner, Board board)
    {
        await using var connection = await owner.OpenConnectionAsync();
        var shared = (long)(await ScalarAsync(connection, """
            select count(*) from (select 1 from deals where pipeline_id = @p and deleted_at is null
                                  group by stage_id, rank having count(*) > 1) duplicates
            """, ("p", board.PipelineId)))!;
        var outside = (long)(await ScalarAsync(connection, """
            select count(*) from deals d
            where d.pipeline_id = @p and not exists (select 1 from pipeline_stages s where s.id = d.stage_id and s.pipeline_id = d.pipeline_id)
            """, ("p", board.PipelineId)))!;
        var live = (long)(await ScalarAsync(connection, "select count(*) from deals where pipeline_id = @p and deleted_at is null", ("p", board.PipelineId)))!;
        return (shared, outside, Deals - live);
    }

    private static readonly string[] Tables = ["tenants", "users", "user_roles", "pipelines", "pipeline_stages", "deals"];
}
