using Bunit;
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
}
