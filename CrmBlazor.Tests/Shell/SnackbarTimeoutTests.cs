using Bunit;
using Microsoft.AspNetCore.Builder;
using CrmBlazor.Features.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CrmBlazor.Tests.Shell;

/// <summary>Snackbars configured as the app configures them (SnackbarDefaults, from FeatureRegistration).</summary>
public sealed class SnackbarTimeoutTests : BunitContext
{
    public SnackbarTimeoutTests()
    {
        Services.AddMudServices(mud => SnackbarDefaults.Configure(mud.SnackbarConfiguration));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public async Task A_confirmation_with_an_action_goes_away_by_itself_within_a_few_seconds()
    {
        // MudBlazor keeps a snackbar with an action button until it is clicked, unless told otherwise:
        // that is how "Deal created · Open" stayed over the board's buttons.
        var provider = Render<MudSnackbarProvider>();
        var snackbar = Services.GetRequiredService<ISnackbar>();

        await provider.InvokeAsync(() => snackbar.Add("Deal created", Severity.Success, o => o.Action = "Open"));

        provider.WaitForAssertion(() => Assert.Contains("Deal created", provider.Markup));
        Assert.NotEmpty(provider.FindAll("button[aria-label='Close']"));
        provider.WaitForAssertion(() => Assert.DoesNotContain("Deal created", provider.Markup),
            TimeSpan.FromMilliseconds(SnackbarDefaults.VisibleMilliseconds + 3_000));
    }

    [Fact]
    public void The_app_registers_the_same_snackbar_configuration()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddCrmFeatures();
        using var app = builder.Services.BuildServiceProvider();

        var configuration = app.GetRequiredService<IOptions<SnackbarConfiguration>>().Value;

        Assert.Equal(SnackbarDefaults.VisibleMilliseconds, configuration.VisibleStateDuration);
        Assert.True(configuration.ShowCloseIcon);
        Assert.False(configuration.RequireInteraction);
    }
}
