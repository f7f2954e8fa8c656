using System.Net;
using System.Net.Http.Headers;
using CrmBlazor.Components.Shared;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.ScaleOut;

/// <summary>
/// The database drills (issue 18): writers load the app through its API while what stands between the app and its
/// data (PostgreSQL, or PgBouncer) is stopped and started again. While it is down the app says so (/health/ready
/// 503, the API 503, a page the database-unavailable sentence and no stack trace); once it is back the app recovers
/// by itself, every request begun after that succeeds, and the table holds exactly the writes the writers saw committed.
/// </summary>
internal static class OutageDrill
{
    private const int Writers = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(CrmAppFactory app, string baseUrl, string superuser, Chromium chromium, Func<Task> stop, Func<Task> start)
    {
        var key = await app.MintApiKeyAsync(DemoTenant.Owner, ["activities:read", "activities:write"]);
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(20) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var (context, page) = await chromium.NewPageAsync(baseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await ExpectContactsAsync(page);

        await using var writers = new DrillWriters(api, Writers);
        writers.Start();
        await writers.UntilEachCommittedAsync(3, 0, Patience);

        var downMs = writers.NowMs;
        await stop();
        await UntilReadyAsync(probe, HttpStatusCode.ServiceUnavailable, "database: ");
        await writers.UntilAnsweredAsync(HttpStatusCode.ServiceUnavailable, downMs, Patience);
        await page.GotoAsync("/contacts");
        await Expect(page.GetByText(FriendlyError.DatabaseUnavailable).First).ToBeVisibleAsync();
        Assert.DoesNotContain("Exception", await page.ContentAsync());

        await start();
        await UntilReadyAsync(probe, HttpStatusCode.OK, "Healthy");
        var backMs = writers.NowMs;
        await writers.UntilEachCommittedAsync(5, backMs, Patience);
        await ExpectContactsAsync(page);
        await writers.StopAsync();

        // While it was down the API said so (503, retry); once it was back, every write begun then succeeded.
        Assert.DoesNotContain(writers.Writes, w => w.Status == HttpStatusCode.InternalServerError);
        Assert.All(writers.Writes.Where(w => w.StartedMs > backMs), w => Assert.Equal(HttpStatusCode.Created, w.Status));
        await writers.AssertTableMatchesAsync(superuser);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{writers.Writes.Count} writes, {writers.Writes.Count(w => w.Committed)} committed; down at {downMs} ms, ready again at {backMs} ms; " +
            string.Join(", ", writers.Writes.GroupBy(w => w.Status?.ToString() ?? "no answer").Select(g => $"{g.Key} ×{g.Count()}")));
    }

    private static async Task ExpectContactsAsync(IPage page)
    {
        await page.GotoAsync("/contacts");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(FriendlyError.DatabaseUnavailable)).ToHaveCountAsync(0);
    }

    /// <summary>Waits until /health/ready answers <paramref name="status"/> with a body that says <paramref name="says"/>.</summary>
    private static Task UntilReadyAsync(HttpClient probe, HttpStatusCode status, string says) =>
        Until.TrueAsync(async () =>
        {
            using var answer = await probe.GetAsync("/health/ready");
            return answer.StatusCode == status && (await answer.Content.ReadAsStringAsync()).Contains(says, StringComparison.Ordinal);
        }, Patience, $"/health/ready to answer {status}");
}
