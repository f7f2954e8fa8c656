using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CrmBlazor.Tenancy;

/// <summary>
/// Fixes a circuit's tenant context from its authentication state when the circuit opens. A later
/// state for another user, or none (sign-out, revalidation), makes the circuit act for nobody: its
/// user must load the app again. There is no HttpContext inside a circuit's components; while it
/// opens, the request that connected it (the WebSocket's) is still at hand, and says where it comes from.
/// </summary>
public sealed class TenantCircuitHandler(AuthenticationStateProvider authentication, TenantContext tenant, IHttpContextAccessor http)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
        tenant.Use(TenantSnapshot.Of((await authentication.GetAuthenticationStateAsync()).User));
        if (http.HttpContext is { } connecting) tenant.CameFrom(ClientOrigin.Of(connecting));
    }

    private async void OnAuthenticationStateChanged(Task<AuthenticationState> state)
    {
        try
        {
            if (TenantSnapshot.Of((await state).User) != tenant.Snapshot)
                tenant.Revoke();
        }
        catch (Exception)
        {
            // A failed state means nobody is signed in: fail closed.
            tenant.Revoke();
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;
}
