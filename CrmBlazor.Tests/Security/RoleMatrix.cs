using CrmBlazor.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Security;

/// <summary>
/// Every public async method of the feature services, classified: the role-checked ones with a valid call
/// (<see cref="Demands"/>), the others with why they need no role (<see cref="Open"/>). A method missing
/// here fails <see cref="RoleMatrixTests"/> until it is classified, so a new write cannot skip the matrix.
/// </summary>
public static partial class RoleMatrix
{
    public static IReadOnlyList<Access> All { get; } = [.. Records(), .. Deals(), .. Administration(), .. Webhooks(), .. Imports(), .. Reads(), .. Api()];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A call on the role's T; its result (if any) is returned for the success check.</summary>
    private static RoleCall On<T>(Func<T, Task> call) where T : notnull => async services =>
    {
        var task = call(services.GetRequiredService<T>());
        await task;
        return task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
    };

    private static Func<MatrixRows, Task<RoleCall>> Now(RoleCall call) => _ => Task.FromResult(call);

    private static Demands Edit(string method, Func<MatrixRows, Task<RoleCall>> prepare) => new(method, Permission.EditRecords, prepare);

    private static Demands Admin(string method, Func<MatrixRows, Task<RoleCall>> prepare) => new(method, Permission.Administer, prepare);

    private static Demands Owner(string method, Func<MatrixRows, Task<RoleCall>> prepare) => new(method, Permission.ManageTenant, prepare);

    private static Open Read(string method) => new(method, "read: every role may");
}
