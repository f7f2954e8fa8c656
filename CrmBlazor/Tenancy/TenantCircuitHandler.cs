using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CrmBlazor.Tenancy;

/// <summary>
/// Fills a circuit's tenant context from its authentication state, and keeps it current when that
/// state changes (sign-out, revalidation). There is no HttpContext inside a circuit.
/// </summary>
public sealed class TenantCircuitHandler(AuthenticationStateProvider authentication, TenantContext tenant)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
        tenant.SetFrom((await authentication.GetAuthenticationStateAsync()).User);
    }

    private async void OnAuthenticationStateChanged(Task<AuthenticationState> state)
    {
        try
        {
            tenant.SetFrom((await state).User);
        }
        catch (Exception)
        {
            // A failed state means nobody is signed in: fail closed.
            tenant.Set(null, null, null);
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;
}
