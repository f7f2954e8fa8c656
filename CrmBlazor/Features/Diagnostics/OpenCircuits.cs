using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CrmBlazor.Features.Diagnostics;

/// <summary>How many circuits this node holds open: the denominator of the memory per circuit.</summary>
public sealed class OpenCircuits
{
    private int count;

    public int Count => Volatile.Read(ref count);

    internal void Opened() => Interlocked.Increment(ref count);

    internal void Closed() => Interlocked.Decrement(ref count);
}

/// <summary>Counts each circuit in <see cref="OpenCircuits"/> from when it opens until it closes.</summary>
public sealed class OpenCircuitCounter(OpenCircuits circuits) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Closed();
        return Task.CompletedTask;
    }
}
