using CrmBlazor.Features.Audit;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Audit;

/// <summary>Admin → Audit log's service: its filters, its labels and names, and who may read it.</summary>
public sealed class AuditLogServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<AuditPage> PageAsync(AuditQuery query, string asWho = DemoTenant.Admin)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, asWho);
        return await scope.ServiceProvider.GetRequiredService<AuditLogService>().PageAsync(query, Ct);
    }

    [Fact]
    public async Task Filters_narrow_the_log_to_one_users_changes_to_one_deal_with_old_and_new_values()
    {
        var title = AuditArrange.UniqueTitle("Zeppelin hangar");
        Guid deal, maria;
        await using (var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member))
        {
            maria = await member.ActingUserIdAsync();
            deal = await member.AddEuroDealAsync(title, 10_000);
            await member.SetDealValueAsync(deal, 12_000);
            await member.AddEuroDealAsync(AuditArrange.UniqueTitle("Other deal"), 1);
        }
        await using (var admin = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin))
            await admin.ExecuteAsync("update deals set probability = 55 where id = @d", ("d", deal));

        var page = await PageAsync(new AuditQuery(UserId: maria, Table: "deals", Name: title.ToUpperInvariant()[..18]));

        Assert.Equal(2, page.TotalCount);
        Assert.Equal(["Changed", "Created"], page.Items.Select(e => e.Action));
        Assert.All(page.Items, e => Assert.Equal(("Maria Lopez", "Deal", title, $"/deals/{deal}"), (e.Who, e.Type, e.RecordName, e.Link)));
        var change = Assert.Single(page.Items[0].Changes);
        Assert.Equal(("Value", "10,000 EUR", "12,000 EUR"), (change.Label, change.Old, change.New));

        var updatesOnly = await PageAsync(new AuditQuery(UserId: maria, Action: "update", Name: title));
        Assert.Equal([page.Items[0].Id], updatesOnly.Items.Select(e => e.Id));
        var anyoneOnThatDeal = await PageAsync(new AuditQuery(Table: "deals", Name: title));
        Assert.Equal(3, anyoneOnThatDeal.TotalCount);
    }

    [Fact]
    public async Task The_date_filter_takes_whole_utc_days_and_the_name_is_matched_literally()
    {
        var title = AuditArrange.UniqueTitle("100% rebate");
        await using (var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member))
            await member.AddEuroDealAsync(title, 5);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        Assert.Equal(1, (await PageAsync(new AuditQuery(Name: title, From: today, To: today))).TotalCount);
        Assert.Equal(0, (await PageAsync(new AuditQuery(Name: title, To: today.AddDays(-1)))).TotalCount);
        Assert.Equal(0, (await PageAsync(new AuditQuery(Name: title, From: today.AddDays(1)))).TotalCount);
        Assert.Equal(1, (await PageAsync(new AuditQuery(Name: "100% reb"))).TotalCount);
        // % and _ typed are letters, not wildcards.
        Assert.Equal(0, (await PageAsync(new AuditQuery(Name: "1_0%rebate"))).TotalCount);
    }

    [Fact]
    public async Task Security_events_are_listed_with_a_readable_label_the_user_named_and_their_detail()
    {
        Guid maria;
        await using (var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member))
        {
            maria = await member.ActingUserIdAsync();
            await member.ExecuteAsync("""
                insert into audit_logs (action, event, table_name, record_id, new_data)
                values ('event', 'login.failed', 'users', @u, '{"detail": "bad_password"}')
                """, ("u", maria));
        }

        var page = await PageAsync(new AuditQuery(Action: "login.failed"));

        var entry = page.Items.First(e => e.RecordName == "Maria Lopez");
        Assert.Equal(("Sign-in failed", true, "User", "bad_password"), (entry.Action, entry.IsEvent, entry.Type, entry.Detail));
        Assert.All(page.Items, e => Assert.Equal("Sign-in failed", e.Action));
        Assert.DoesNotContain(page.Items, e => !e.IsEvent);
    }

    [Fact]
    public async Task A_member_may_not_read_the_audit_log_and_the_refusal_is_audited()
    {
        var refused = await Assert.ThrowsAsync<PermissionDeniedException>(() => PageAsync(new AuditQuery(), DemoTenant.Member));

        Assert.Contains("Only Owners and Admins", refused.Message);
        await using var admin = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        Assert.Equal(1L, await admin.CountAsync("audit_logs where event = 'permission.denied' and new_data ->> 'detail' = 'audit.list'"));
    }

    [Fact]
    public async Task A_page_past_the_end_still_knows_how_many_entries_match()
    {
        var title = AuditArrange.UniqueTitle("Pager");
        await using (var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member))
        {
            var deal = await member.AddEuroDealAsync(title, 1);
            await member.SetDealValueAsync(deal, 2);
            await member.SetDealValueAsync(deal, 3);
        }

        var second = await PageAsync(new AuditQuery(Name: title, Page: 1, PageSize: 2));
        var past = await PageAsync(new AuditQuery(Name: title, Page: 5, PageSize: 2));

        Assert.Equal((3, 1), (second.TotalCount, second.Items.Count));
        Assert.Equal("Created", second.Items[0].Action);
        Assert.Equal((3, 0), (past.TotalCount, past.Items.Count));
    }
}
