namespace CrmBlazor.Tenancy;

/// <summary>
/// Who acts in this service scope. Its entry point says so once, before any database context is
/// made: a request from its user (<see cref="TenantContextMiddleware"/>), a circuit from its
/// authentication state (<see cref="TenantCircuitHandler"/>), background work, an API call or a
/// sign-in from the job, the key or the user it found (<see cref="TenantScopes"/>). It never
/// changes to another tenant afterwards: it can only stop acting (<see cref="Revoke"/>), as a
/// circuit does when its user signs out or is revalidated away.
/// </summary>
public sealed class TenantContext : ITenantContext
{
    public TenantSnapshot Snapshot { get; private set; } = TenantSnapshot.Nobody;
    public Guid? TenantId => Snapshot.TenantId;
    public Guid? UserId => Snapshot.UserId;
    public string? Role => Snapshot.Role;

    /// <summary>Where this request or circuit comes from, noted by its entry point beside the snapshot (not part of it).</summary>
    public ClientOrigin Origin { get; private set; } = ClientOrigin.Unknown;

    private bool decided;

    /// <summary>Acts for <paramref name="snapshot"/> from now on; refused once the scope acts for someone else.</summary>
    public void Use(TenantSnapshot snapshot)
    {
        if (decided && snapshot != Snapshot)
            throw new InvalidOperationException(
                "This scope already acts for another tenant or user. Begin a new scope (TenantScopes) to act for someone else.");
        Snapshot = snapshot;
        decided = true;
    }

    public void CameFrom(ClientOrigin origin) => Origin = origin;

    /// <summary>Stops acting for anyone (fail closed); contexts made afterwards see no tenant's rows.</summary>
    public void Revoke()
    {
        Snapshot = TenantSnapshot.Nobody;
        decided = true;
    }
}
