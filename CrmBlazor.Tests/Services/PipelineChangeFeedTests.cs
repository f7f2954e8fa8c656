using CrmBlazor.Features.Board;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmBlazor.Tests.Services;

/// <summary>The in-process feed boards listen on: only the pipeline's subscribers hear a change, and a failing one harms nobody.</summary>
public sealed class PipelineChangeFeedTests
{
    private readonly InProcessPipelineChangeFeed feed = new(NullLogger<InProcessPipelineChangeFeed>.Instance);
    private readonly Guid tenant = Guid.NewGuid();
    private readonly Guid pipeline = Guid.NewGuid();

    [Fact]
    public async Task A_change_reaches_the_pipelines_subscribers_and_no_one_else()
    {
        var heard = new TaskCompletionSource<PipelineChange>();
        var others = new List<PipelineChange>();
        using var board = feed.Subscribe(tenant, pipeline, change => { heard.TrySetResult(change); return Task.CompletedTask; });
        using var otherPipeline = feed.Subscribe(tenant, Guid.NewGuid(), change => { others.Add(change); return Task.CompletedTask; });
        using var otherTenant = feed.Subscribe(Guid.NewGuid(), pipeline, change => { others.Add(change); return Task.CompletedTask; });
        var published = new PipelineChange(tenant, pipeline);

        feed.Publish(published);

        Assert.Equal(published, await heard.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.Empty(others);
    }

    [Fact]
    public async Task A_failing_or_departed_board_does_not_stop_the_others()
    {
        var heard = new TaskCompletionSource();
        var departedCalls = 0;
        using var failing = feed.Subscribe(tenant, pipeline, _ => throw new InvalidOperationException("circuit gone"));
        var departed = feed.Subscribe(tenant, pipeline, _ => { departedCalls++; return Task.CompletedTask; });
        departed.Dispose();
        using var healthy = feed.Subscribe(tenant, pipeline, _ => { heard.TrySetResult(); return Task.CompletedTask; });

        feed.Publish(new PipelineChange(tenant, pipeline));

        await heard.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(0, departedCalls);
    }
}
