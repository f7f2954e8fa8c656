using CrmBlazor.Features.Diagnostics;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.CircuitState;

/// <summary>
/// A circuit that leaves node A comes back on node B with its page state: the contact in the URL and, through
/// [PersistentState], the edit form that was open with what had been typed in it; without a page reload (a marker
/// put on window before survives). Both ways .NET 10 persists a circuit: paused by the browser (the state travels
/// to the browser and back), and lost with its connection (A evicts it after its retention and persists it to the
/// database, where B finds it when the browser comes back). The browser reaches the nodes through one address,
/// <see cref="SwitchingProxy"/>, as it would through a load balancer.
/// </summary>
public sealed class CircuitResumeAcrossNodesTests(ResumableNodes nodes, Chromium chromium) : IClassFixture<ResumableNodes>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_paused_circuit_resumes_on_another_node_with_the_open_form_and_what_was_typed()
    {
        await using var proxy = new SwitchingProxy(nodes.UrlA);
        var (context, page) = await chromium.NewPageAsync(proxy.Url);
        await using var _ = context;
        var (contactId, dialog) = await EditAContactAsync(page, nth: 0, "Paused on A");

        Assert.True(await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()"));
        await UntilAsync(() => Task.FromResult(Circuits(nodes.NodeA) == 0), "node A to free the paused circuit");
        proxy.SwitchTo(nodes.UrlB);
        var resumed = await page.EvaluateAsync<bool>("() => Blazor.resumeCircuit()");

        Assert.True(resumed);
        await ExpectTheSameFormAsync(page, dialog, "Paused on A");
        await SaveAndCheckAsync(dialog, contactId, "Paused on A");
    }

    [Fact]
    public async Task A_circuit_cut_off_from_its_node_is_persisted_to_the_database_and_resumed_on_another_node()
    {
        await using var proxy = new SwitchingProxy(nodes.UrlA);
        var (context, page) = await chromium.NewPageAsync(proxy.Url);
        await using var _ = context;
        var (contactId, dialog) = await EditAContactAsync(page, nth: 1, "Cut off from A");
        await using var owner = await DbSession.OpenAsync(nodes.Database.OwnerConnectionString);
        // Other circuits are evicted (and persisted) too: the dashboard's, left at sign-in, and any an earlier test left
        // on B. The entries are counted once they are gone, so that only this circuit's can come and go.
        await UntilAsync(() => Task.FromResult(Circuits(nodes.NodeA) == 1 && Circuits(nodes.NodeB) == 0),
            "node A to hold only the contact page's circuit and node B none");
        var entriesBefore = await owner.ScalarAsync<long>("select count(*) from cache_entries");

        // The browser loses node A (no node answers for a moment); A keeps the circuit a second, then persists it.
        proxy.TakeDown();
        await UntilAsync(async () => await owner.ScalarAsync<long>("select count(*) from cache_entries") > entriesBefore,
            "node A to persist the disconnected circuit to cache_entries");
        await UntilAsync(() => Task.FromResult(Circuits(nodes.NodeA) == 0), "node A to free the evicted circuit");
        // The balancer sends the browser to B: B does not know the circuit, so the browser asks it to resume it.
        proxy.SwitchTo(nodes.UrlB);

        await ExpectTheSameFormAsync(page, dialog, "Cut off from A");
        await UntilAsync(async () => await owner.ScalarAsync<long>("select count(*) from cache_entries") == entriesBefore,
            "the resumed circuit's entry to be removed");
        await SaveAndCheckAsync(dialog, contactId, "Cut off from A");
    }

    private async Task<(Guid ContactId, ILocator Dialog)> EditAContactAsync(IPage page, int nth, string jobTitle)
    {
        await page.SignInAsync(DemoTenant.Owner, CrmAppFactory.DemoPassword);
        await using var owner = await DbSession.OpenAsync(nodes.Database.OwnerConnectionString);
        var contactId = await owner.ScalarAsync<Guid>(
            "select c.id from contacts c join users u on u.tenant_id = c.tenant_id where u.email = @e and c.deleted_at is null order by c.id offset @n limit 1",
            ("e", DemoTenant.Owner), ("n", nth));
        await page.GotoAsync($"/contacts/{contactId}");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Edit contact" });
        await Expect(dialog.GetByLabel("First name")).ToBeFocusedAsync();
        await dialog.GetByLabel("Job title").FillAsync(jobTitle);
        // Esc commits the field being typed in, then asks before discarding only when the circuit has the change: then
        // the pause will carry it. (Not Tab first: it opened the next field's list, and Esc then went to closing that.)
        await dialog.GetByLabel("Job title").PressAsync("Escape");
        var discard = dialog.GetByRole(AriaRole.Alertdialog, new() { Name = "Discard changes?" });
        await discard.GetByRole(AriaRole.Button, new() { Name = "Keep editing" }).ClickAsync();
        await Expect(discard).ToBeHiddenAsync();
        await page.EvaluateAsync("() => { window.crmNotReloaded = true; }");
        // The old circuit's dialog stays on screen until the resumed circuit renders its own: marked, so the test
        // looks only at the new one (clicking Save on the old one reaches no circuit).
        await dialog.EvaluateAsync("d => d.setAttribute('data-before-resume', '')");
        return (contactId, page.GetByRole(AriaRole.Dialog, new() { Name = "Edit contact" }).And(page.Locator(":not([data-before-resume])")));
    }

    private static async Task ExpectTheSameFormAsync(IPage page, ILocator dialog, string jobTitle)
    {
        await Expect(dialog.GetByLabel("Job title")).ToHaveValueAsync(jobTitle, new() { Timeout = (float)Patience.TotalMilliseconds });
        await page.WaitForCircuitAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.crmNotReloaded === true"), "the page was reloaded");
    }

    private async Task SaveAndCheckAsync(ILocator dialog, Guid contactId, string jobTitle)
    {
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await using var owner = await DbSession.OpenAsync(nodes.Database.OwnerConnectionString);
        Assert.Equal(jobTitle, await owner.ScalarAsync<string>("select job_title from contacts where id = @id", ("id", contactId)));
    }

    private static int Circuits(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> node) =>
        node.Services.GetRequiredService<OpenCircuits>().Count;

    private static Task UntilAsync(Func<Task<bool>> condition, string what) => Until.TrueAsync(condition, Patience, what);
}
