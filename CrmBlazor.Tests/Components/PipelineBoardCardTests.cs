using AngleSharp.Dom;
using Bunit;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Board;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>A board card on its own, with a fixed "today".</summary>
public sealed class PipelineBoardCardTests : CrmBunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private static readonly BoardStage Proposal = Stage("Proposal", PipelineStage.Open);

    public PipelineBoardCardTests() => Services.AddSingleton<TimeProvider>(new FixedClock(Now));

    [Fact]
    public void An_open_deal_past_its_expected_close_date_shows_the_date_as_overdue()
    {
        var yesterday = RenderCard(Card(new DateOnly(2026, 11, 22)), Proposal);
        var today = RenderCard(Card(new DateOnly(2026, 11, 23)), Proposal);

        var late = yesterday.Find("[data-testid=expected-close]");
        Assert.Equal("true", late.GetAttribute("data-overdue"));
        Assert.Contains("mud-error-text", late.ClassName);
        Assert.Equal("Close 22 Nov 2026 · overdue", late.TextContent.Trim());
        Assert.Equal("false", today.Find("[data-testid=expected-close]").GetAttribute("data-overdue"));
    }

    [Fact]
    public void A_closed_deal_says_won_or_lost_with_its_reason_and_is_never_overdue()
    {
        var won = RenderCard(Card(new DateOnly(2026, 1, 1)) with { ClosedAt = Now }, Stage("Closed Won", PipelineStage.Won));
        var lost = RenderCard(Card(new DateOnly(2026, 1, 1)) with { ClosedAt = Now, LostReason = "Chose a competitor" },
            Stage("Closed Lost", PipelineStage.Lost));

        Assert.Equal("Won", won.Find("[data-testid=deal-outcome]").TextContent.Trim());
        Assert.Equal("Lost: Chose a competitor", lost.Find("[data-testid=deal-outcome]").TextContent.Trim());
        Assert.Equal("false", won.Find("[data-testid=expected-close]").GetAttribute("data-overdue"));
        Assert.Equal("Renewal, in Closed Lost", lost.Find(".deal-card").GetAttribute("aria-label"));
    }

    [Fact]
    public void Shift_and_an_arrow_on_a_focused_card_ask_to_move_it_one_stage_unless_the_user_may_not_move_deals()
    {
        var asked = new List<int>();
        var card = Card(null);
        var mover = RenderCard(card, Proposal, canMove: true, onStep: request => asked.Add(request.Step));
        var viewer = RenderCard(card, Proposal, canMove: false, onStep: request => asked.Add(request.Step));

        mover.Find(".deal-card").KeyDown(new KeyboardEventArgs { Key = "ArrowRight", ShiftKey = true });
        mover.Find(".deal-card").KeyDown(new KeyboardEventArgs { Key = "ArrowLeft", ShiftKey = true });
        mover.Find(".deal-card").KeyDown(new KeyboardEventArgs { Key = "ArrowRight" });
        viewer.Find(".deal-card").KeyDown(new KeyboardEventArgs { Key = "ArrowRight", ShiftKey = true });

        Assert.Equal([1, -1], asked);
        Assert.Equal(DealCard.ShortcutHelp, mover.Find(".deal-card").GetAttribute("aria-description"));
        Assert.Equal("0", mover.Find(".deal-card").GetAttribute("tabindex"));
    }

    [Fact]
    public void The_cards_menu_offers_won_and_lost_on_an_open_deal_reopen_on_a_closed_one_and_nothing_to_a_viewer()
    {
        popovers = Render<MudPopoverProvider>();
        var asked = new List<DealOutcome>();
        var open = RenderCard(Card(null), Proposal, onOutcome: o => asked.Add(o));
        var closed = RenderCard(Card(null) with { ClosedAt = Now }, Stage("Closed Won", PipelineStage.Won), onOutcome: o => asked.Add(o));
        var viewer = RenderCard(Card(null), Proposal, canMove: false);

        Assert.Empty(viewer.FindAll("button[aria-label='Actions for Renewal']"));
        // Until its button is clicked, a card's menu is plain markup: no menu component waits on each card (issue 18).
        Assert.Empty(open.FindComponents<CrmBlazor.Features.Shared.DeferredMenu>());
        Assert.Equal(["Mark won", "Mark lost"], MenuItems(open));
        Assert.Equal(["Reopen"], MenuItems(closed));

        Assert.Single(open.FindComponents<CrmBlazor.Features.Shared.DeferredMenu>());
        open.Find("button[aria-label='Actions for Renewal']").Click();
        open.WaitForAssertion(() => Assert.NotEmpty(Popovers()));
        Popovers().Single(i => i.TextContent.Trim() == "Mark lost").Click();
        Assert.Equal([DealOutcome.Lost], asked);
    }

    /// <summary>Opens the card's menu and reads its items, then closes it again.</summary>
    private List<string> MenuItems(IRenderedComponent<DealCard> card)
    {
        card.Find("button[aria-label='Actions for Renewal']").Click();
        card.WaitForAssertion(() => Assert.NotEmpty(Popovers()));
        var items = Popovers().Select(i => i.TextContent.Trim()).ToList();
        card.Find("button[aria-label='Actions for Renewal']").Click();
        card.WaitForAssertion(() => Assert.Empty(Popovers()));
        return items;
    }

    private IRenderedComponent<MudPopoverProvider>? popovers;

    private IReadOnlyList<IElement> Popovers() => popovers!.FindAll(".mud-popover-open .mud-menu-item").ToList();

    private IRenderedComponent<DealCard> RenderCard(BoardCard card, BoardStage stage, bool canMove = true,
        Action<(BoardCard Card, int Step)>? onStep = null, Action<DealOutcome>? onOutcome = null) =>
        Render<DealCard>(p => p.Add(c => c.Card, card).Add(c => c.Stage, stage).Add(c => c.CanMove, canMove)
            .Add(c => c.OnStep, request => onStep?.Invoke(request)).Add(c => c.OnOutcome, request => onOutcome?.Invoke(request.Outcome)));

    private static BoardStage Stage(string name, string kind) => new(Guid.NewGuid(), name, kind, "#7986CB", 1, [], [], null);

    private static BoardCard Card(DateOnly? expectedClose) =>
        new(Guid.NewGuid(), Proposal.Id, "Renewal", "Contoso", 4100m, "USD", "Maria Lopez", expectedClose, null, null, "m", 1);
}
