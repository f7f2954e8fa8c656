using Bunit;
using CrmBlazor.Features.Dashboard;
using CrmBlazor.Tests.Infrastructure;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The dashboard a brand-new organization lands on, and what a Viewer is offered there.</summary>
public sealed class DashboardFirstRunTests(CrmDatabase database) : DemoAppBunitContext(database)
{
    private static readonly TimeSpan Loading = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_new_organization_is_welcomed_and_its_checklist_ticks_from_real_data_until_dismissed()
    {
        var founder = await App.RegisterAsync("Fresh Fruit Ltd", "Fran Fresh");
        await ActAsAsync(founder);

        var page = RenderPage();

        Assert.Contains("Welcome, Fran Fresh.", page.Markup);
        Assert.DoesNotContain("Welcome back", page.Markup);
        Assert.Equal(["false", "false", "false", "false"], StepsDone(page));
        Assert.Contains("You own no contacts yet.", page.Find("[data-testid=contacts-empty]").TextContent);
        Assert.Contains(page.FindAll("[data-testid=figure-contacts] a"), a => a.GetAttribute("href") == "/import?kind=contacts");

        await using (var session = await DemoTenant.OpenSessionAsync(App, founder))
            await session.ExecuteAsync("insert into contacts (id, tenant_id, owner_id, first_name, last_name) values (gen_random_uuid(), current_setting('app.tenant_id')::uuid, current_setting('app.user_id')::uuid, 'Ada', 'First')");
        page = RenderPage();
        Assert.Equal(["true", "false", "false", "false"], StepsDone(page));
        Assert.Empty(page.FindAll("[data-testid=contacts-empty]"));

        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Dismiss").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=getting-started-step]")), Loading);
        Assert.Empty(RenderPage().FindAll("[data-testid=getting-started-step]"));
    }

    [Fact]
    public async Task A_second_visit_is_welcomed_back()
    {
        var founder = await App.RegisterAsync("Return Visit Co", "Rita Return");
        await ActAsAsync(founder);
        await using (var session = await DemoTenant.OpenSessionAsync(App, founder))
        {
            var me = await session.ActingUserIdAsync();
            foreach (var _ in Enumerable.Range(0, 2))
                await session.ExecuteAsync("insert into audit_logs (tenant_id, table_name, record_id, action, event) values (current_setting('app.tenant_id')::uuid, 'users', @u, 'event', 'login')", ("u", me));
        }

        Assert.Contains("Welcome back, Rita Return.", RenderPage().Markup);
    }

    [Fact]
    public async Task A_viewer_is_offered_no_checklist_and_no_button_that_adds_records()
    {
        await ActAsAsync(DemoTenant.Viewer);

        var page = RenderPage();

        // The viewer owns nothing, so "Mine" shows the empty figures, read-only.
        Assert.Contains("You own no contacts yet.", page.Find("[data-testid=contacts-empty]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=getting-started-step]"));
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href") is "/import?kind=contacts" or "/admin/users"
            || a.TextContent.Trim() is "Add a contact" or "Create a deal" or "Import contacts");
    }

    private bool popoversRendered;

    /// <summary>The page as a fresh visit renders it (the popover provider, which may exist once, first).</summary>
    private IRenderedComponent<DashboardPage> RenderPage()
    {
        if (!popoversRendered) Render<MudPopoverProvider>();
        popoversRendered = true;
        var page = Render<DashboardPage>();
        // The page loads its figures from the database; on a busy machine that outlasts bUnit's default second.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=figure-contacts]")), Loading);
        return page;
    }

    private static List<string?> StepsDone(IRenderedComponent<DashboardPage> page) =>
        page.FindAll("[data-testid=getting-started-step]").Select(s => s.GetAttribute("data-done")).ToList();
}
