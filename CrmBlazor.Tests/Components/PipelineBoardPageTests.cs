using AngleSharp.Dom;
using Bunit;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>
/// The board page against the real services and database. Tests share the class's demo tenant, so each
/// touches a column of its own: Prospecting → Qualification (live), Negotiation (show more), Closed Won (lost reason).
/// </summary>
public sealed class PipelineBoardPageTests(CrmDatabase database) : DemoAppBunitContext(database)
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    // A board is dozens of MudBlazor cards; bUnit re-parses the page's markup on every render, which takes
    // seconds on a busy machine. The waits below still end as soon as their condition holds, and their
    // checks compare strings: a failed check runs on the renderer, and formatting DOM elements into its
    // message would hold the renderer for seconds.
    private static readonly TimeSpan BoardRender = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_viewer_sees_every_column_but_cannot_drag_a_card()
    {
        var page = await RenderBoardAsync(DemoTenant.Viewer);

        Assert.Equal(["Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"],
            page.FindAll("[data-testid=board-column]").Select(c => c.GetAttribute("data-stage")));
        Assert.NotEmpty(page.FindAll(".mud-drop-item[draggable]"));
        Assert.All(page.FindAll(".mud-drop-item[draggable]"), item => Assert.Equal("false", item.GetAttribute("draggable")));
        Assert.Contains("Your role can view the board but not move deals.", page.Markup);
        Assert.All(page.FindAll(".deal-card"), card => Assert.Null(card.GetAttribute("aria-description")));
    }

    [Fact]
    public async Task A_deal_moved_by_someone_else_moves_on_the_open_board()
    {
        var page = await RenderBoardAsync(DemoTenant.Member);
        var moved = Guid.Parse(CardsIn(page, "Prospecting")[0].GetAttribute("data-deal-id")!);
        var (qualification, version) = await StageAndVersionAsync("Qualification", moved);

        await using (var admin = await DemoTenant.ActAsAsync(App, DemoTenant.Admin))
        {
            var result = await admin.ServiceProvider.GetRequiredService<DealMoveService>()
                .MoveAsync(new DealMove(moved, version, qualification, null, null), Ct);
            Assert.True(result.Moved, result.Refusal);
        }

        await page.WaitForAssertionAsync(() =>
        {
            Assert.Contains(moved.ToString(), CardsIn(page, "Qualification").Select(c => c.GetAttribute("data-deal-id")));
            Assert.DoesNotContain(moved.ToString(), CardsIn(page, "Prospecting").Select(c => c.GetAttribute("data-deal-id")));
            Assert.Equal(CardsIn(page, "Qualification").Count.ToString(), Column(page, "Qualification").QuerySelector("[data-testid=stage-count]")!.TextContent);
        }, BoardRender);
    }

    [Fact]
    public async Task A_drop_of_a_card_that_changed_meanwhile_is_refused_in_a_snackbar_and_the_board_reloads()
    {
        var snackbars = Render<MudSnackbarProvider>();
        var page = await RenderBoardAsync(DemoTenant.Member);
        var container = page.FindComponent<MudDropContainer<BoardCard>>();
        var stale = container.Instance.Items.First(c => CardsIn(page, "Proposal").Any(e => e.GetAttribute("data-deal-id") == c.Id.ToString()));
        var (proposal, version) = await StageAndVersionAsync("Proposal", stale.Id);
        await using (var admin = await DemoTenant.ActAsAsync(App, DemoTenant.Admin))
            Assert.True((await admin.ServiceProvider.GetRequiredService<DealMoveService>()
                .MoveAsync(new DealMove(stale.Id, version, proposal, null, null), Ct)).Moved);
        var (won, _) = await StageAndVersionAsync("Closed Won", stale.Id);

        await page.InvokeAsync(() => container.Instance.ItemDropped.InvokeAsync(new MudItemDropInfo<BoardCard>(stale, won.ToString(), 0)));

        await snackbars.WaitForAssertionAsync(() => Assert.Contains(DealMoveResult.ChangedMeanwhile, snackbars.Markup), BoardRender);
        await page.WaitForAssertionAsync(() =>
        {
            Assert.Contains(stale.Id.ToString(), CardsIn(page, "Proposal").Select(c => c.GetAttribute("data-deal-id")));
            Assert.DoesNotContain(stale.Id.ToString(), CardsIn(page, "Closed Won").Select(c => c.GetAttribute("data-deal-id")));
        }, BoardRender);
    }

    [Fact]
    public async Task While_the_lost_reason_is_asked_the_board_stays_live_and_the_card_stays_where_it_was_dropped()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = await RenderBoardAsync(DemoTenant.Member);
        var container = page.FindComponent<MudDropContainer<BoardCard>>();
        var wonIds = CardsIn(page, "Closed Won").Select(c => c.GetAttribute("data-deal-id")).ToList();
        var dropped = container.Instance.Items.First(c => c.Id.ToString() == wonIds[0]);
        var (lost, _) = await StageAndVersionAsync("Closed Lost", dropped.Id);

        // The dialog holds the drop open until it is answered.
        var dropping = page.InvokeAsync(() => container.Instance.ItemDropped.InvokeAsync(new MudItemDropInfo<BoardCard>(dropped, lost.ToString(), 0)));
        await dialogs.WaitForAssertionAsync(() => Assert.Contains("lost?", dialogs.Markup), BoardRender);

        // Meanwhile a colleague moves another won deal to the top of its column: the board reloads…
        var other = Guid.Parse(wonIds[^1]!);
        var (won, version) = await StageAndVersionAsync("Closed Won", other);
        await using (var admin = await DemoTenant.ActAsAsync(App, DemoTenant.Admin))
            Assert.True((await admin.ServiceProvider.GetRequiredService<DealMoveService>()
                .MoveAsync(new DealMove(other, version, won, null, dropped.Id), Ct)).Moved);
        await page.WaitForAssertionAsync(() => Assert.Equal(other.ToString(), CardsIn(page, "Closed Won")[0].GetAttribute("data-deal-id")), BoardRender);
        // …and the card waiting for its reason is still in Closed Lost, not back behind the dialog.
        Assert.Equal(dropped.Id.ToString(), CardsIn(page, "Closed Lost")[0].GetAttribute("data-deal-id"));

        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent == "Cancel").Click());
        await dropping;
        await page.WaitForAssertionAsync(() =>
        {
            Assert.Contains(dropped.Id.ToString(), CardsIn(page, "Closed Won").Select(c => c.GetAttribute("data-deal-id")));
            Assert.DoesNotContain(dropped.Id.ToString(), CardsIn(page, "Closed Lost").Select(c => c.GetAttribute("data-deal-id")));
        }, BoardRender);
    }

    [Fact]
    public async Task A_long_column_shows_fifty_cards_until_show_more_is_pressed()
    {
        await using (var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member))
            await db.ExecuteAsync("""
                insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
                select 'Bulk deal ' || i, s.pipeline_id, s.id, 100, 'USD', 75, 'zz' || lpad(i::text, 3, '0') || 'x'
                from generate_series(1, 60) i, pipeline_stages s where s.name = 'Negotiation'
                """);
        var page = await RenderBoardAsync(DemoTenant.Member);
        Assert.Equal(PipelineBoardService.ColumnSize, CardsIn(page, "Negotiation").Count);

        await page.InvokeAsync(() => Column(page, "Negotiation").QuerySelector("button[aria-label='Show more deals in Negotiation']")!
            .Click());

        await page.WaitForAssertionAsync(() =>
        {
            Assert.Equal(65, CardsIn(page, "Negotiation").Count);
            Assert.DoesNotContain("Show more deals in Negotiation", Column(page, "Negotiation").InnerHtml);
        }, BoardRender);
        Assert.Equal("Bulk deal 60", CardsIn(page, "Negotiation")[^1].QuerySelector("a")!.TextContent);
    }

    [Fact]
    public async Task The_list_view_pages_the_same_deals_and_follows_the_filters()
    {
        var page = await RenderPageAsync(DemoTenant.Member, "pipeline?view=list");
        await page.WaitForAssertionAsync(() => Assert.Equal(25, ListRows(page).Count), BoardRender);
        var title = ListRows(page)[0].QuerySelector("a")!.TextContent;

        await page.InvokeAsync(() => page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent == "Search")
            .QuerySelector("input")!.Input(title));

        await page.WaitForAssertionAsync(() =>
        {
            var titles = ListRows(page).Select(row => row.QuerySelector("a")?.TextContent).ToList();
            Assert.NotEmpty(titles);
            Assert.All(titles, shown => Assert.Equal(title, shown));
        }, BoardRender);
        Assert.Empty(page.FindAll("[data-testid=board-column]"));
    }

    [Fact]
    public async Task With_several_pipelines_the_page_offers_a_picker_and_shows_the_one_in_the_url()
    {
        Guid partners;
        await using (var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin))
        {
            var pipeline = await db.AddPipelineAsync(isDefault: false, stages: 2);
            partners = pipeline.Id;
            await db.AddDealAsync(pipeline);
        }

        var page = await RenderPageAsync(DemoTenant.Member, $"pipeline?pipeline={partners}");

        await page.WaitForAssertionAsync(() => Assert.Equal(["Stage 0", "Stage 1"],
            page.FindAll("[data-testid=board-column]").Select(c => c.GetAttribute("data-stage"))), BoardRender);
        Assert.Single(CardsIn(page, "Stage 0"));
        Assert.Contains("Pipeline", page.FindAll(".mud-input-control label").Select(l => l.TextContent));
    }

    [Fact]
    public async Task A_card_carried_by_keyboard_past_won_to_lost_is_moved_only_to_lost_and_records_no_win()
    {
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        var page = await RenderBoardAsync(DemoTenant.Member);
        var id = CardsIn(page, "Proposal")[^1].GetAttribute("data-deal-id")!;
        var dealId = Guid.Parse(id);
        IElement Card() => page.Find($"[data-testid=deal-card][data-deal-id='{id}']");

        foreach (var stage in new[] { "Negotiation", "Closed Won", "Closed Lost" })
        {
            await page.InvokeAsync(() => Card().KeyDown(new KeyboardEventArgs { Key = "ArrowRight", ShiftKey = true }));
            await page.WaitForAssertionAsync(() => Assert.Contains(id, CardsIn(page, stage).Select(c => c.GetAttribute("data-deal-id"))), BoardRender);
        }
        // Carried, not moved: the deal is still where it was.
        var (proposal, _) = await StageAndVersionAsync("Proposal", dealId);
        Assert.Equal(proposal, await ScalarAsync<Guid>("select stage_id from deals where id = @d", dealId));

        var releasing = page.InvokeAsync(() => Card().KeyUpAsync(new KeyboardEventArgs { Key = "Shift" }));
        await dialogs.WaitForAssertionAsync(() => Assert.Contains("lost?", dialogs.Markup), BoardRender);
        var timing = await ScalarAsync<Guid>("""
            select r.id from lost_reasons r join deals d on d.pipeline_id = r.pipeline_id where d.id = @d and r.name = 'Timing'
            """, dealId);
        var select = dialogs.FindComponent<MudSelect<Guid?>>();
        await dialogs.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(timing));
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Mark lost").Click());
        await releasing;
        // The page announces the move once the service has committed it.
        // A refused move says why in a snackbar: the failure message carries it.
        await page.WaitForAssertionAsync(() => Assert.True(page.Markup.Contains("moved to Closed Lost"),
            $"No announcement of the move; snackbars: {snackbars.Markup}"), BoardRender);

        var (lost, _) = await StageAndVersionAsync("Closed Lost", dealId);
        var (won, _) = await StageAndVersionAsync("Closed Won", dealId);
        Assert.Equal(lost, await ScalarAsync<Guid>("select stage_id from deals where id = @d", dealId));
        Assert.Equal("Timing", await ScalarAsync<string>("select lost_reason from deals where id = @d", dealId));
        Assert.Equal(timing, await ScalarAsync<Guid>("select lost_reason_id from deals where id = @d", dealId));
        Assert.Equal(0L, await ScalarAsync<long>("""
            select count(*) from audit_logs where table_name = 'deals' and record_id = @d and new_data ->> 'stage_id' = @won
            """, dealId, ("won", won.ToString())));
    }

    private async Task<T> ScalarAsync<T>(string sql, Guid dealId, params (string Name, object? Value)[] more)
    {
        await using var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        return await db.ScalarAsync<T>(sql, [("d", dealId), .. more]);
    }

    private async Task<IRenderedComponent<PipelineBoardPage>> RenderBoardAsync(string email)
    {
        var page = await RenderPageAsync(email, "pipeline");
        await page.WaitForAssertionAsync(() => Assert.NotEmpty(CardsIn(page, "Prospecting")), BoardRender);
        return page;
    }

    /// <summary>The page at URL (its query is how the page is told which pipeline and view), acting as EMAIL.</summary>
    private async Task<IRenderedComponent<PipelineBoardPage>> RenderPageAsync(string email, string url)
    {
        await ActAsAsync(email);
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        Render<MudPopoverProvider>();
        return Render<PipelineBoardPage>();
    }

    private static IReadOnlyList<IElement> ListRows(IRenderedComponent<PipelineBoardPage> page) =>
        page.FindAll("[data-testid=deal-list] tbody tr.mud-table-row").ToList();

    private async Task<(Guid StageId, uint DealVersion)> StageAndVersionAsync(string stage, Guid dealId)
    {
        await using var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        return (await db.ScalarAsync<Guid>("select id from pipeline_stages where name = @n", ("n", stage)),
            (uint)await db.ScalarAsync<long>("select xmin::text::bigint from deals where id = @d", ("d", dealId)));
    }

    private static IElement Column(IRenderedComponent<PipelineBoardPage> page, string stage) =>
        page.Find($"[data-testid=board-column][data-stage='{stage}']");

    private static IReadOnlyList<IElement> CardsIn(IRenderedComponent<PipelineBoardPage> page, string stage) =>
        Column(page, stage).QuerySelectorAll("[data-testid=deal-card]").ToList();
}
