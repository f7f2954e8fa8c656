using CrmBlazor.Tests.Infrastructure;
using static CrmBlazor.Tests.Browser.BoardSteps;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Boards open on two app nodes of one database: what is done on one shows on the other (issue 18's acceptance).</summary>
public sealed class BoardAcrossNodesTests(TwoNodeSite site, Chromium chromium) : IClassFixture<TwoNodeSite>
{
    [Fact]
    public async Task A_deal_moved_on_one_node_shows_in_its_new_column_on_a_board_open_on_another_node_without_a_reload()
    {
        var (memberContext, member) = await chromium.NewPageAsync(site.UrlA);
        await using var _ = memberContext;
        var (adminContext, admin) = await chromium.NewPageAsync(site.UrlB);
        await using var __ = adminContext;
        await OpenBoardAsync(member, DemoTenant.Member);
        await OpenBoardAsync(admin, DemoTenant.Admin);
        var moved = await IdOfAsync(Cards(Column(member, "Negotiation")).First);
        await Expect(Column(admin, "Negotiation").Locator(Card(admin, moved))).ToBeVisibleAsync();
        // A mark on the page that a reload would wipe out.
        await admin.EvaluateAsync("() => window.boardNotReloaded = true");

        await Card(member, moved).FocusAsync();
        await member.Keyboard.PressAsync("Shift+ArrowRight");
        await Expect(Column(member, "Closed Won").Locator(Card(member, moved)).GetByTestId("deal-outcome")).ToHaveTextAsync("Won");

        // Node B heard of it through PostgreSQL within a second of the mover's own board.
        await Expect(Column(admin, "Closed Won").Locator(Card(admin, moved)).GetByTestId("deal-outcome"))
            .ToHaveTextAsync("Won", new() { Timeout = 1_000 });
        await Expect(Column(admin, "Negotiation").Locator(Card(admin, moved))).ToHaveCountAsync(0);
        Assert.True(await admin.EvaluateAsync<bool>("() => window.boardNotReloaded === true"), "Node B's board was reloaded.");
    }
}
