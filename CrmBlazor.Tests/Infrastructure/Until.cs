using System.Diagnostics;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// Waiting for work that ends in its own time (a job, a node, a delivery): the condition is polled until it holds,
/// and the test fails naming what it waited for once its patience runs out. Never a fixed sleep.
/// </summary>
public static class Until
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    /// <param name="describe">What the failure adds about the state it ended in.</param>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan patience, string what, Func<string>? describe = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > patience) Assert.Fail($"Waited {patience} for {what}." + (describe is null ? "" : $" {describe()}"));
            await Task.Delay(PollEvery, TestContext.Current.CancellationToken);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan patience, string what, Func<string>? describe = null) =>
        TrueAsync(() => Task.FromResult(condition()), patience, what, describe);
}
