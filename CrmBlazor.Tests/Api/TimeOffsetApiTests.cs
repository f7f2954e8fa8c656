using System.Net;
using System.Net.Http.Json;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>Times sent with an offset other than UTC's (PostgreSQL's driver writes only UTC) are stored as the same instant.</summary>
public sealed class TimeOffsetApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset NineUtc = new(2027, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_due_time_in_another_offset_is_the_same_instant_one_by_one_and_in_bulk()
    {
        using var client = site.Client(await site.MintKeyAsync(["activities:write"]));

        var single = await client.PostAsJsonAsync("/api/v1/activities", new { type = "task", subject = "Offset task", dueAt = "2027-01-05T11:00:00+02:00" }, Ct);
        var bulk = await client.PostAsJsonAsync("/api/v1/activities/bulk",
            new { records = new[] { new { type = "task", subject = "Offset bulk", dueAt = "2027-01-05T04:00:00-05:00" } } }, Ct);

        Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        Assert.Equal(NineUtc, (await single.JsonAsync()).GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Created, bulk.StatusCode);
        Assert.Equal(NineUtc, (await bulk.JsonAsync()).GetProperty("data")[0].GetProperty("dueAt").GetDateTimeOffset());
    }
}
