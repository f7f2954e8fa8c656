using Bunit;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The deactivation dialog asks who takes over what the user owns, the acting user unless another is chosen.</summary>
public sealed class DeactivateUserDialogTests : CrmBunitContext
{
    private static readonly UserRow Sam = new(Guid.NewGuid(), "Sam Chen", "sam.chen@crm.local", "Member", UserStatus.Active, null, false, true);
    private static readonly Choice Alex = new(Guid.NewGuid(), "Alex Admin");
    private static readonly Choice Maria = new(Guid.NewGuid(), "Maria Lopez");

    [Fact]
    public async Task It_says_what_the_user_owns_offers_the_acting_user_first_and_returns_the_choice()
    {
        var (provider, dialog) = await OpenAsync(new OwnedCounts(3, 1, 2, 0));

        provider.WaitForAssertion(() => Assert.Contains("Sam Chen owns 3 contacts, 1 company and 2 deals", provider.Markup));
        var select = provider.FindComponent<MudSelect<Guid?>>();
        Assert.Equal(Alex.Id, select.Instance.Value);
        await provider.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Maria.Id));
        await provider.InvokeAsync(() => Button(provider, "Deactivate").Click());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(new DeactivateUserDialog.Confirmed(Maria.Id), result?.Data);
    }

    [Fact]
    public async Task A_user_who_owns_nothing_is_only_confirmed()
    {
        var (provider, dialog) = await OpenAsync(new OwnedCounts(0, 0, 0, 0));

        provider.WaitForAssertion(() => Assert.Contains("They are signed out at once", provider.Markup));
        Assert.Empty(provider.FindComponents<MudSelect<Guid?>>());
        await provider.InvokeAsync(() => Button(provider, "Deactivate").Click());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(new DeactivateUserDialog.Confirmed(null), result?.Data);
    }

    private async Task<(IRenderedComponent<MudDialogProvider>, IDialogReference)> OpenAsync(OwnedCounts owned)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference dialog = default!;
        await provider.InvokeAsync(async () => dialog = await dialogs.ShowAsync<DeactivateUserDialog>("Deactivate user",
            new DialogParameters<DeactivateUserDialog>
            {
                { d => d.User, Sam },
                { d => d.Handover, new Handover(owned, [Alex, Maria]) },
                { d => d.Warning, "Deactivate Sam Chen? They are signed out at once and can no longer sign in until reactivated." },
            }));
        return (provider, dialog);
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> provider, string text) =>
        provider.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
