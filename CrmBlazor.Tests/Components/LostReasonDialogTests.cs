using Bunit;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The dialog that asks why a deal was lost, against the demo tenant's default pipeline and its listed reasons.</summary>
public sealed class LostReasonDialogTests(CrmDatabase database) : DemoAppBunitContext(database, actingAs: DemoTenant.Member)
{
    [Fact]
    public async Task It_offers_the_pipelines_reasons_and_other_refuses_no_choice_and_returns_the_choice()
    {
        var (provider, dialog, pipelineId) = await OpenAsync();
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var price = await session.ScalarAsync<Guid>("select id from lost_reasons where pipeline_id = @p and name = 'Price'", ("p", pipelineId));

        await provider.InvokeAsync(() => MarkLost(provider).Click());
        provider.WaitForAssertion(() => Assert.Contains(DealMoveResult.LostReasonNeeded, provider.Markup));
        Assert.False(dialog.Result.IsCompleted);

        var select = provider.FindComponent<MudSelect<Guid?>>();
        await provider.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(price));
        await provider.InvokeAsync(() => MarkLost(provider).Click());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(new LostOutcome(price, "Price"), result?.Data);
    }

    [Fact]
    public async Task Other_asks_for_a_sentence_and_returns_it_trimmed_without_a_listed_reason()
    {
        var (provider, dialog, _) = await OpenAsync();

        var select = provider.FindComponent<MudSelect<Guid?>>();
        await provider.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Guid.Empty));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("textarea")));
        await provider.InvokeAsync(() => MarkLost(provider).Click());
        provider.WaitForAssertion(() => Assert.Contains(DealMoveResult.LostReasonNeeded, provider.Markup));
        await provider.InvokeAsync(() => provider.Find("textarea").Input("  Merged with a rival "));
        await provider.InvokeAsync(() => MarkLost(provider).Click());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(new LostOutcome(null, "Merged with a rival"), result?.Data);
    }

    private async Task<(IRenderedComponent<MudDialogProvider>, IDialogReference, Guid)> OpenAsync()
    {
        Guid pipelineId;
        await using (var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member))
            pipelineId = await session.ScalarAsync<Guid>("select id from pipelines where is_default");
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference dialog = default!;
        await provider.InvokeAsync(async () => dialog = await dialogs.ShowAsync<LostReasonDialog>("Deal lost",
            new DialogParameters<LostReasonDialog> { { d => d.DealTitle, "Renewal" }, { d => d.PipelineId, pipelineId } }));
        provider.WaitForAssertion(() => Assert.Contains("Why was “Renewal” lost?", provider.Markup));
        // The dialog reads the pipeline's reasons first; its select opens once they are there, as for a rep.
        provider.WaitForAssertion(() => Assert.False(provider.FindComponent<MudSelect<Guid?>>().Instance.Disabled));
        return (provider, dialog, pipelineId);
    }

    private static AngleSharp.Dom.IElement MarkLost(IRenderedComponent<MudDialogProvider> provider) =>
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "Mark lost");
}
