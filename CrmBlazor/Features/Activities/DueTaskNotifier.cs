namespace CrmBlazor.Features.Activities;

/// <summary>
/// Tells the navigation's due-task badge, in the same circuit, that tasks changed so it counts again.
/// Scoped: a circuit's page and its badge share one; another user's circuit never hears it.
/// </summary>
public sealed class DueTaskNotifier
{
    public event Func<Task>? Changed;

    public Task NotifyAsync() =>
        Changed is { } changed ? Task.WhenAll(changed.GetInvocationList().Cast<Func<Task>>().Select(listener => listener())) : Task.CompletedTask;
}
