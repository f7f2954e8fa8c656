using CrmBlazor.Features.Audit;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Audit;

/// <summary>Reverting one field of one audited change: done in one audited transaction, or refused with a sentence.</summary>
public sealed class AuditRevertTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<RevertResult> RevertAsync(long auditId, string column, string asWho = DemoTenant.Admin)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, asWho);
        return await scope.ServiceProvider.GetRequiredService<AuditRevertService>().RevertAsync(auditId, column, Ct);
    }

    private async Task<(Guid Deal, long Change)> DealWhoseValueWentFrom10kTo12kAsync()
    {
        await using var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await member.AddEuroDealAsync(AuditArrange.UniqueTitle("Revert"), 10_000);
        await member.SetDealValueAsync(deal, 12_000);
        return (deal, await member.LatestUpdateAsync(deal));
    }

    private async Task<decimal> ValueAsync(Guid deal)
    {
        await using var admin = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        return await admin.ScalarAsync<decimal>("select value from deals where id = @d", ("d", deal));
    }

    [Fact]
    public async Task A_revert_writes_the_old_value_back_and_is_audited_as_the_admin_with_the_entry_it_reverted()
    {
        var (deal, change) = await DealWhoseValueWentFrom10kTo12kAsync();

        var result = await RevertAsync(change, "value");

        Assert.Equal(new RevertResult(true, "Value set back to 10,000 EUR."), result);
        Assert.Equal(10_000m, await ValueAsync(deal));
        await using var admin = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var alex = await admin.ActingUserIdAsync();
        Assert.Equal([$"12000.00 → 10000.00 by {alex}"], await admin.ListAsync<string>(
            "select (old_data ->> 'value') || ' → ' || (new_data ->> 'value') || ' by ' || changed_by from audit_logs where record_id = @d and action = 'update' and id > @c",
            ("d", deal), ("c", change)));
        Assert.Equal($$"""{"audit_id":{{change}},"field":"value"}""", await admin.ScalarAsync<string>(
            "select new_data ->> 'detail' from audit_logs where event = 'audit.revert' and record_id = @d and table_name = 'deals' and changed_by = @a",
            ("d", deal), ("a", alex)));
    }

    [Fact]
    public async Task A_field_changed_since_is_refused_with_its_value_now_and_nothing_is_written()
    {
        var (deal, change) = await DealWhoseValueWentFrom10kTo12kAsync();
        await using (var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member))
            await member.SetDealValueAsync(deal, 15_000);

        var result = await RevertAsync(change, "value");

        Assert.Equal(new RevertResult(false, "Value has changed since: now 15,000 EUR."), result);
        Assert.Equal(15_000m, await ValueAsync(deal));
        await using var admin = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        Assert.Equal(0L, await admin.CountAsync("audit_logs where event = 'audit.revert' and record_id = @d", ("d", deal)));
    }

    [Fact]
    public async Task A_member_may_not_revert_and_nothing_changes()
    {
        var (deal, change) = await DealWhoseValueWentFrom10kTo12kAsync();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => RevertAsync(change, "value", DemoTenant.Member));

        Assert.Equal(12_000m, await ValueAsync(deal));
    }

    [Fact]
    public async Task Only_plain_fields_of_live_records_are_reverted()
    {
        var (deal, change) = await DealWhoseValueWentFrom10kTo12kAsync();
        await using var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        await member.ExecuteAsync("""
            update deals set stage_id = (select s.id from pipeline_stages s where s.pipeline_id = deals.pipeline_id and s.kind = 'open' order by s.position offset 1 limit 1)
            where id = @d
            """, ("d", deal));
        var moved = await member.LatestUpdateAsync(deal);

        Assert.Equal(AuditRevertService.NotRevertable, (await RevertAsync(moved, "stage_id")).Message);
        Assert.Equal(AuditRevertService.NotRevertable, (await RevertAsync(change, "title")).Message);

        await member.ExecuteAsync("update deals set deleted_at = now() where id = @d", ("d", deal));
        Assert.Equal(new RevertResult(false, AuditRevertService.InTrash), await RevertAsync(change, "value"));
    }

    [Fact]
    public async Task An_old_value_another_record_has_taken_since_is_refused_with_a_sentence()
    {
        await using var member = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var first = await member.AddContactAsync(email: "ada@revert.test");
        await member.ExecuteAsync("update contacts set email = 'ada.new@revert.test' where id = @c", ("c", first));
        var change = await member.LatestUpdateAsync(first);
        await member.AddContactAsync(email: "ada@revert.test");

        var result = await RevertAsync(change, "email");

        Assert.Equal(new RevertResult(false, "Email can't be set back: another record already has that value."), result);
        Assert.Equal("ada.new@revert.test", await member.ScalarAsync<string>("select email from contacts where id = @c", ("c", first)));
    }
}
