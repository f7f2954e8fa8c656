using CrmBlazor.Tenancy;

namespace CrmBlazor.Tests.Security;

/// <summary>One call of a service method as some role: made from the services of that role's scope.</summary>
public delegate Task<object?> RoleCall(IServiceProvider services);

/// <summary>How a public method of a feature service is guarded, as the role matrix classifies it.</summary>
public abstract record Access(string Method);

/// <summary>No role check by design; WHY says which (a read every role may do, the user's own account, background work).</summary>
public sealed record Open(string Method, string Why) : Access(Method);

/// <summary>
/// Refused unless the role has NEEDS. PREPARE makes fresh rows (as the Owner) and returns the call with a
/// valid argument set. An allowed call must succeed (its result says so), unless ANY_OUTCOME: then any
/// outcome but a refusal of the role will do (e.g. restoring a full export into a tenant that is not empty).
/// </summary>
public sealed record Demands(string Method, Permission Needs, Func<MatrixRows, Task<RoleCall>> Prepare, bool AnyOutcome = false)
    : Access(Method)
{
    /// <summary>A case name when one method has several (e.g. inviting a Member, inviting an Owner).</summary>
    public string? Variant { get; init; }

    public override string ToString() => Variant is null ? Method : $"{Method} ({Variant})";
}
