using System.Runtime.CompilerServices;
using Bunit;

namespace CrmBlazor.Tests.Infrastructure;

public static class BunitWaits
{
    /// <summary>
    /// bUnit waits one second for a render by default; a component that reads the database (a picker's search, a
    /// page's first load) can take longer on a loaded CI machine. A wait still ends as soon as its condition holds.
    /// </summary>
    [ModuleInitializer]
    public static void AllowForLoadedMachines() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
}
