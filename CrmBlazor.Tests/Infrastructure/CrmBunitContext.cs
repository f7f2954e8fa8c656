using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>bUnit with MudBlazor's services; MudBlazor's JS calls are answered loosely.</summary>
public abstract class CrmBunitContext : BunitContext
{
    protected CrmBunitContext()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>
    /// Shows <typeparamref name="TDialog"/> as a page does, through the dialog service, and returns the
    /// dialog provider it renders in (the popover provider its pickers need is rendered first).
    /// </summary>
    protected async Task<IRenderedComponent<MudDialogProvider>> ShowDialogAsync<TDialog>(string title, DialogParameters? parameters = null)
        where TDialog : IComponent
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => parameters is null ? dialogs.ShowAsync<TDialog>(title) : dialogs.ShowAsync<TDialog>(title, parameters));
        return provider;
    }
}
