using System.Threading.Channels;
using CrmBlazor.Data;
using CrmBlazor.Features.Board;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// The feed boards listen on, across two app nodes on one database: a change published on one reaches the pipeline's
/// boards on both through NOTIFY and no one else's, at commit only, and a node that loses its LISTEN connection
/// tells its boards to reload once it is back, and hears later changes again.
/// </summary>
public sealed class PipelineChangeFeedTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly Guid tenant = Guid.NewGuid();
    private readonly Guid pipeline = Guid.NewGuid();
    private CrmAppFactory nodeA = default!;
    private CrmAppFactory nodeB = default!;

    public ValueTask InitializeAsync()
    {
        nodeA = new CrmAppFactory(database.AppConnectionString, runImportJobs: false);
        nodeB = new CrmAppFactory(database.AppConnectionString, runImportJobs: false);
        // Each node starts (and has its LISTEN in place) when its services are first asked for.
        _ = nodeA.Services;
        _ = nodeB.Services;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await nodeA.DisposeAsync();
        await nodeB.DisposeAsync();
    }

    [Fact]
    public async Task A_change_published_on_one_node_reaches_the_pipelines_boards_on_both_nodes_and_no_other_board()
    {
        using var boardOnB = new Board(nodeB, tenant, pipeline);
        using var boardOnA = new Board(nodeA, tenant, pipeline);
        using var otherPipeline = new Board(nodeB, tenant, Guid.NewGuid());
        using var otherTenant = new Board(nodeB, Guid.NewGuid(), pipeline);
        var marker = new PipelineChange(Guid.NewGuid(), Guid.NewGuid());
        using var markerBoard = new Board(nodeB, marker.TenantId, marker.PipelineId);
        var change = new PipelineChange(tenant, pipeline);

        await PublishAsync(nodeA, change);

        Assert.Equal(change, await boardOnB.NextAsync());
        Assert.Equal(change, await boardOnA.NextAsync());
        // Notifications arrive in commit order: once a later one is in, the first has been handed to everyone it was for.
        await PublishAsync(nodeA, marker);
        Assert.Equal(marker, await markerBoard.NextAsync());
        Assert.True(otherPipeline.HeardNothing);
        Assert.True(otherTenant.HeardNothing);
        Assert.True(boardOnB.HeardNothing, "The board heard the change twice.");
    }

    [Fact]
    public async Task A_change_published_in_a_transaction_is_heard_at_commit_and_never_after_a_rollback()
    {
        var (rolledBack, committed, marker) = (new PipelineChange(tenant, Guid.NewGuid()), new PipelineChange(tenant, pipeline),
            new PipelineChange(tenant, Guid.NewGuid()));
        using var rolledBackBoard = new Board(nodeB, rolledBack.TenantId, rolledBack.PipelineId);
        using var board = new Board(nodeB, committed.TenantId, committed.PipelineId);
        using var markerBoard = new Board(nodeB, marker.TenantId, marker.PipelineId);
        var feed = nodeA.Services.GetRequiredService<IPipelineChangeFeed>();

        await using (var scope = Nobody(nodeA))
        await using (var db = await ContextAsync(scope))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await feed.PublishAsync(db, rolledBack, Ct);
            await transaction.RollbackAsync(Ct);
        }
        await using (var scope = Nobody(nodeA))
        await using (var db = await ContextAsync(scope))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await feed.PublishAsync(db, committed, Ct);
            // Published meanwhile outside the transaction: once it is in, the uncommitted change would have been too.
            await PublishAsync(nodeA, marker);
            Assert.Equal(marker, await markerBoard.NextAsync());
            Assert.True(board.HeardNothing, "The board heard of a change before it was committed.");
            await transaction.CommitAsync(Ct);
        }

        Assert.Equal(committed, await board.NextAsync());
        Assert.True(rolledBackBoard.HeardNothing, "The board heard of a rolled-back change.");
    }

    [Fact]
    public async Task A_node_whose_listen_connection_is_killed_tells_its_boards_to_reload_and_hears_later_changes()
    {
        using var board = new Board(nodeB, tenant, pipeline);
        var change = new PipelineChange(tenant, pipeline);

        // Both nodes' live listeners: the connections named crm-listen that listen on the live channel.
        await using var superuser = await DbSession.OpenAsync(database.SuperuserConnectionString);
        var killed = await superuser.ScalarAsync<long>("""
            select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity
            where datname = current_database() and application_name = @name and query = 'LISTEN crm_live'
            """, ("name", ListenDataSource.ApplicationName));
        Assert.Equal(2, killed);

        // The reload: nothing was published, but something may have been while the node was not listening.
        Assert.Equal(change, await board.NextAsync());
        await PublishAsync(nodeA, change);
        Assert.Equal(change, await board.NextAsync());
    }

    [Fact]
    public async Task A_failing_or_departed_board_does_not_stop_the_others()
    {
        var departedCalls = 0;
        using var failing = nodeB.Services.GetRequiredService<IPipelineChangeFeed>()
            .Subscribe(tenant, pipeline, _ => throw new InvalidOperationException("circuit gone"));
        var departed = nodeB.Services.GetRequiredService<IPipelineChangeFeed>()
            .Subscribe(tenant, pipeline, _ => { Interlocked.Increment(ref departedCalls); return Task.CompletedTask; });
        departed.Dispose();
        using var healthy = new Board(nodeB, tenant, pipeline);

        await PublishAsync(nodeA, new PipelineChange(tenant, pipeline));
        Assert.Equal(new PipelineChange(tenant, pipeline), await healthy.NextAsync());
        // And the node still hears what comes next: the failure did not end its LISTEN.
        await PublishAsync(nodeA, new PipelineChange(tenant, pipeline));
        Assert.Equal(new PipelineChange(tenant, pipeline), await healthy.NextAsync());
        Assert.Equal(0, departedCalls);
    }

    private static async Task PublishAsync(CrmAppFactory node, PipelineChange change)
    {
        await using var scope = Nobody(node);
        await using var db = await ContextAsync(scope);
        await node.Services.GetRequiredService<IPipelineChangeFeed>().PublishAsync(db, change, Ct);
    }

    // NOTIFY reads no table, so the context need not act for any tenant.
    private static AsyncServiceScope Nobody(CrmAppFactory node) => node.Services.GetRequiredService<TenantScopes>().Begin(TenantSnapshot.Nobody);

    private static Task<CrmDbContext> ContextAsync(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(Ct);

    /// <summary>A board open on one node: what it heard, in order.</summary>
    private sealed class Board : IDisposable
    {
        private readonly Channel<PipelineChange> heard = Channel.CreateUnbounded<PipelineChange>();
        private readonly IDisposable subscription;

        public Board(CrmAppFactory node, Guid tenant, Guid pipeline) =>
            subscription = node.Services.GetRequiredService<IPipelineChangeFeed>()
                .Subscribe(tenant, pipeline, change => { heard.Writer.TryWrite(change); return Task.CompletedTask; });

        public Task<PipelineChange> NextAsync() => heard.Reader.ReadAsync(Ct).AsTask().WaitAsync(Deadline, Ct);

        public bool HeardNothing => !heard.Reader.TryPeek(out _);

        public void Dispose() => subscription.Dispose();
    }
}
