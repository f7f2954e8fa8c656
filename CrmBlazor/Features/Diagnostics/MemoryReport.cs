using System.Diagnostics;
using System.Net;

namespace CrmBlazor.Features.Diagnostics;

/// <summary>What one node holds, for `./crm bench load`: open circuits, the managed heap after a full
/// collection, the process's memory and its CPU time so far.</summary>
public sealed record MemorySnapshot(int Circuits, long ManagedHeapBytes, long WorkingSetBytes, long PrivateBytes, double CpuMilliseconds);

/// <summary>
/// GET /diagnostics/memory, mapped only when Diagnostics:MemoryReport is true (the load bench turns it on)
/// and answered only to loopback: a full blocking collection pauses the node, so no one else may ask for one.
/// </summary>
public static class MemoryReport
{
    public static void MapMemoryReport(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Diagnostics:MemoryReport")) return;
        app.MapGet("/diagnostics/memory", (HttpContext http, OpenCircuits circuits) =>
            http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
                ? Results.Ok(Take(circuits))
                : Results.StatusCode(StatusCodes.Status403Forbidden)).AllowAnonymous();
    }

    private static MemorySnapshot Take(OpenCircuits circuits)
    {
        // Twice, with finalizers run between: what a finalizer releases is only collectable on the second pass.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new(circuits.Count, GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, process.PrivateMemorySize64,
            process.TotalProcessorTime.TotalMilliseconds);
    }
}
