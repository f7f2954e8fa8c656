using System.Net.Http.Json;

namespace CrmBlazor.Bench;

/// <summary>One node's /diagnostics/memory answer (the node runs with Diagnostics:MemoryReport on).</summary>
public sealed record NodeSnapshot(int Circuits, long ManagedHeapBytes, long WorkingSetBytes, long PrivateBytes, double CpuMilliseconds);

/// <summary>The app nodes under load, asked directly on their own ports (not through nginx).</summary>
public sealed class NodeMemory(IReadOnlyList<int> ports) : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public IReadOnlyList<int> Ports => ports;

    public async Task<IReadOnlyList<NodeSnapshot>> TakeAsync() =>
        await Task.WhenAll(ports.Select(async port =>
            (await http.GetFromJsonAsync<NodeSnapshot>($"http://127.0.0.1:{port}/diagnostics/memory"))!));

    /// <summary>Waits until the nodes together hold <paramref name="circuits"/> circuits (they open and close a moment after the pages do).</summary>
    public async Task<IReadOnlyList<NodeSnapshot>> WhenHoldingAsync(int circuits)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var snapshots = await TakeAsync();
            if (snapshots.Sum(s => s.Circuits) == circuits) return snapshots;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The nodes hold {snapshots.Sum(s => s.Circuits)} circuits, not {circuits}.");
            await Task.Delay(500);
        }
    }

    public void Dispose() => http.Dispose();
}
