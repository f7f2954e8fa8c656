using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class PipelineAdminFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task An_admin_renames_a_stage_and_deletes_one_holding_deals_by_choosing_where_they_go()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await page.GotoAsync("/admin");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage pipelines" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pipelines", Exact = true })).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();

        var name = Stage(page, "Qualification").GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("Discovery");
        await name.PressAsync("Tab");
        await Expect(Stage(page, "Discovery")).ToBeVisibleAsync();
        await Expect(Stage(page, "Qualification")).ToHaveCountAsync(0);

        await Expect(Stage(page, "Negotiation").GetByTestId("stage-deals")).ToHaveTextAsync("5 deals");
        await Stage(page, "Proposal").GetByRole(AriaRole.Button, new() { Name = "Delete Proposal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete stage" }).ClickAsync();
        await Expect(dialog.GetByText(PipelineAdminService.TargetNeeded)).ToBeVisibleAsync();
        await dialog.GetByLabel("Move its 5 deals to").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Negotiation" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete stage" }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(Stage(page, "Proposal")).ToHaveCountAsync(0);
        await Expect(Stage(page, "Negotiation").GetByTestId("stage-deals")).ToHaveTextAsync("10 deals");

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(Stage(page, "Discovery")).ToBeVisibleAsync();
        await Expect(Stage(page, "Negotiation").GetByTestId("stage-deals")).ToHaveTextAsync("10 deals");
        await Expect(page.GetByTestId("stage-deals")).ToHaveCountAsync(5);
    }

    [Fact]
    public async Task Stages_are_reordered_with_the_arrow_buttons_or_by_dragging_one_onto_the_stage_it_should_follow()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.GotoAsync("/admin/pipelines");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New pipeline" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Name").FillAsync("Partners");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Pipeline" })).ToHaveValueAsync("Partners");

        await page.GetByRole(AriaRole.Button, new() { Name = "Move Proposal up" }).ClickAsync();
        await ExpectOrderAsync(page, "Prospecting", "Proposal", "Qualification", "Negotiation");
        await page.GetByRole(AriaRole.Img, new() { Name = "Drag Negotiation to reorder" })
            .DragToAsync(page.GetByRole(AriaRole.Group, new() { Name = "Stage Prospecting", Exact = true }));
        await ExpectOrderAsync(page, "Prospecting", "Negotiation", "Proposal", "Qualification");

        // The chosen pipeline is in the address, so a reload shows it again.
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Pipeline" })).ToHaveValueAsync("Partners");
        await ExpectOrderAsync(page, "Prospecting", "Negotiation", "Proposal", "Qualification");
    }

    /// <summary>The first stages shown are NAMES, in this order.</summary>
    private static async Task ExpectOrderAsync(IPage page, params string[] names)
    {
        var stages = page.Locator("[role=group][aria-label^='Stage ']");
        for (var i = 0; i < names.Length; i++)
            await Expect(stages.Nth(i)).ToHaveAttributeAsync("aria-label", "Stage " + names[i]);
    }

    private static ILocator Stage(IPage page, string name) => page.GetByRole(AriaRole.Group, new() { Name = $"Stage {name}", Exact = true });
}
