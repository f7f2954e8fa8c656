using Bunit;
using CrmBlazor.Features.Deals;
using CrmBlazor.Tests.Infrastructure;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The deal page shows each role only the controls it may use (the services refuse the rest anyway).</summary>
public sealed class DealPageTests(CrmDatabase database) : DemoAppBunitContext(database)
{
    private static readonly string[] WriteButtons =
        ["Edit", "Delete", "Mark won", "Mark lost", "Log a call", "Add a note", "Create a task", "Add participant"];

    [Fact]
    public async Task A_viewer_sees_no_write_control_on_the_deal_page()
    {
        var page = await RenderOpenDealAsync(DemoTenant.Viewer);

        var buttons = ButtonTexts(page);
        Assert.All(WriteButtons, label => Assert.DoesNotContain(label, buttons));
        Assert.Empty(page.FindAll("button[aria-label^='Remove '], button[aria-label^='Edit the commission']"));
        Assert.Empty(page.FindAll("input:not([disabled])"));
    }

    [Fact]
    public async Task A_member_gets_every_write_control_on_the_deal_page()
    {
        var page = await RenderOpenDealAsync(DemoTenant.Member);

        var buttons = ButtonTexts(page);
        Assert.All(WriteButtons, label => Assert.Contains(label, buttons));
    }

    [Fact]
    public async Task A_deal_whose_company_is_in_the_trash_names_it_with_a_way_back_and_keeps_it_as_the_customer()
    {
        await ActAsAsync(DemoTenant.Member);
        Guid dealId;
        var name = $"Binned Freight {Guid.NewGuid():N}"[..22];
        await using (var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member))
        {
            var company = await db.AddCompanyAsync(name);
            dealId = await db.ScalarAsync<Guid>("""
                insert into deals (title, pipeline_id, stage_id, company_id, value, currency, probability, rank)
                select 'Binned freight deal', p.id, s.id, @c, 1, 'USD', 10, gen_random_uuid()::text
                from pipelines p join pipeline_stages s on s.pipeline_id = p.id where p.is_default and s.position = 0 returning id
                """, ("c", company));
            await db.ExecuteAsync("update companies set deleted_at = now() where id = @c", ("c", company));
        }
        Render<MudPopoverProvider>();

        var page = Render<DealPage>(p => p.Add(d => d.Id, dealId));

        await page.WaitForAssertionAsync(() => Assert.Equal($"{name} (deleted)", page.Find("[data-testid=trashed-record]").TextContent),
            TimeSpan.FromSeconds(20));
        Assert.Contains(page.FindAll("a"), a => a.TextContent.Trim() == "Restore from trash");
        await page.WaitForAssertionAsync(() =>
            Assert.Contains("(deleted company)", page.Find("[data-testid=participant-row]").TextContent), TimeSpan.FromSeconds(20));
    }

    private async Task<IRenderedComponent<DealPage>> RenderOpenDealAsync(string email)
    {
        await ActAsAsync(email);
        Guid dealId;
        await using (var db = await DemoTenant.OpenSessionAsync(App, email))
            dealId = await db.ScalarAsync<Guid>("""
                select d.id from deals d join pipeline_stages s on s.id = d.stage_id
                where s.kind = 'open' and d.deleted_at is null order by d.title limit 1
                """);
        Render<MudPopoverProvider>();
        var page = Render<DealPage>(p => p.Add(d => d.Id, dealId));
        // The deal and its participants are shown: everything the page would offer is on screen.
        await page.WaitForAssertionAsync(() =>
        {
            Assert.Contains("Owner:", page.Markup);
            Assert.Contains("Stage history", page.Markup);
        }, TimeSpan.FromSeconds(20));
        return page;
    }

    private static List<string> ButtonTexts(IRenderedComponent<DealPage> page) =>
        page.FindAll("button").Select(b => b.TextContent.Trim()).ToList();
}
