using CrmBlazor.Features.Audit;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Audit;

/// <summary>The History section of a record's page: its own changes and its join rows', newest first, a page at a time.</summary>
public sealed class RecordHistoryTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HistoryPage> PageAsync(string table, Guid record, HistoryCursor? after = null)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Viewer);
        return await scope.ServiceProvider.GetRequiredService<RecordHistoryService>().PageAsync(table, record, after, Ct);
    }

    [Fact]
    public async Task A_contacts_history_lists_its_field_changes_and_tags_with_who_newest_first()
    {
        await using var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var contact = await member.AddContactAsync(email: "grace@history.test");
        await member.ExecuteAsync("update contacts set job_title = 'CTO' where id = @c", ("c", contact));
        await member.ExecuteAsync("insert into contact_tags (contact_id, tag_id) select @c, id from tags where name = 'VIP'", ("c", contact));
        await member.ExecuteAsync("delete from contact_tags where contact_id = @c", ("c", contact));
        await member.ExecuteAsync("update contacts set deleted_at = now() where id = @c", ("c", contact));

        var history = await PageAsync("contacts", contact);

        Assert.Equal(["Moved to the trash", "Tag VIP removed", "Tag VIP added", null, "Created"], history.Entries.Select(e => e.Summary));
        Assert.All(history.Entries, e => Assert.Equal("Maria Lopez", e.Who));
        var retitled = Assert.Single(history.Entries[3].Changes);
        Assert.Equal(("Job title", "empty", "CTO", true), (retitled.Label, retitled.Old, retitled.New, retitled.Revertable));
        Assert.Empty(history.Entries[0].Changes);
        Assert.Null(history.Next);
    }

    [Fact]
    public async Task A_long_history_comes_a_page_at_a_time_without_gaps_or_repeats()
    {
        await using var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await member.AddEuroDealAsync(AuditArrange.UniqueTitle("Long"), 0);
        for (var value = 1; value <= RecordHistoryService.PageSize + 4; value++)
            await member.SetDealValueAsync(deal, value);

        var first = await PageAsync("deals", deal);
        var second = await PageAsync("deals", deal, first.Next);

        Assert.Equal(RecordHistoryService.PageSize, first.Entries.Count);
        Assert.Equal("24 EUR", first.Entries[0].Changes.Single().New);
        Assert.Equal(5, second.Entries.Count);
        Assert.Null(second.Next);
        Assert.Equal("Created", second.Entries[^1].Summary);
        var all = first.Entries.Concat(second.Entries).Select(e => e.AuditId).ToList();
        Assert.Equal(all.OrderByDescending(id => id), all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
