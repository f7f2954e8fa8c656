using CrmBlazor.Features.Search;

namespace CrmBlazor.Tests.Components;

/// <summary>
/// The search-as-you-type sequencing behind the search-everything box, with searches the test finishes
/// by hand: what was chosen is never replaced by a search that finishes later.
/// </summary>
public sealed class LatestSearchTests
{
    [Fact]
    public async Task A_search_that_finishes_after_a_choice_is_dropped()
    {
        using var searches = new LatestSearch(TimeSpan.Zero);
        var slow = new TaskCompletionSource<string>();
        var running = searches.RunAsync(_ => slow.Task);

        searches.Stop();
        slow.SetResult("late results");

        Assert.Null(await running);
    }

    [Fact]
    public async Task The_choice_cancels_the_search_under_way()
    {
        using var searches = new LatestSearch(TimeSpan.Zero);
        var cancelled = new TaskCompletionSource<string>();
        var running = searches.RunAsync(ct =>
        {
            ct.Register(() => cancelled.TrySetCanceled(ct));
            return cancelled.Task;
        });

        searches.Stop();

        Assert.Null(await running);
        Assert.True(cancelled.Task.IsCanceled);
    }

    [Fact]
    public async Task An_older_search_that_finishes_after_a_newer_one_is_dropped()
    {
        using var searches = new LatestSearch(TimeSpan.Zero);
        var older = new TaskCompletionSource<string>();
        var newer = new TaskCompletionSource<string>();
        var first = searches.RunAsync(_ => older.Task);
        var second = searches.RunAsync(_ => newer.Task);

        newer.SetResult("Kenji Garcia");
        older.SetResult("Kenji");

        Assert.Equal("Kenji Garcia", await second);
        Assert.Null(await first);
    }

    [Fact]
    public async Task A_keystroke_within_the_pause_means_the_search_before_it_never_runs()
    {
        using var searches = new LatestSearch(TimeSpan.FromHours(1));
        var ran = 0;
        var first = searches.RunAsync(_ => { ran++; return Task.FromResult("K"); });
        var second = searches.RunAsync(_ => { ran++; return Task.FromResult("Ke"); });

        Assert.Null(await first);
        searches.Stop();
        Assert.Null(await second);
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task Emptying_the_box_drops_the_search_under_way_but_the_next_one_counts()
    {
        using var searches = new LatestSearch(TimeSpan.Zero);
        var slow = new TaskCompletionSource<string>();
        var running = searches.RunAsync(_ => slow.Task);

        searches.Cancel();
        slow.SetResult("stale");

        Assert.Null(await running);
        Assert.Equal("fresh", await searches.RunAsync(_ => Task.FromResult("fresh")));
    }

    [Fact]
    public async Task Nothing_is_searched_after_a_choice()
    {
        using var searches = new LatestSearch(TimeSpan.Zero);
        searches.Stop();
        var ran = false;

        Assert.Null(await searches.RunAsync(_ => { ran = true; return Task.FromResult("x"); }));
        Assert.False(ran);
    }

    [Fact]
    public async Task A_failure_of_a_search_that_no_longer_counts_is_not_reported()
    {
        using var searches = new LatestSearch(TimeSpan.Zero);
        var failing = new TaskCompletionSource<string>();
        var running = searches.RunAsync(_ => failing.Task);

        await searches.RunAsync(_ => Task.FromResult("newer"));
        failing.SetException(new InvalidOperationException("the connection broke"));

        Assert.Null(await running);
    }
}
