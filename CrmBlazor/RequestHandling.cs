using CrmBlazor.Components;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Account.TwoFactor;
using CrmBlazor.Features.Export;
using CrmBlazor.Features.Import;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CrmBlazor;

public static class RequestHandling
{
    public static void UseCrmRequestHandling(this WebApplication app)
    {
        // Users see the friendly error page, never a stack trace, in every environment.
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        app.UseAuthentication();
        app.UseMiddleware<TenantContextMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseCrmTwoFactor();

        app.MapStaticAssets();
        app.MapHealthChecks("/health", new HealthCheckOptions { AllowCachingResponses = false });
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapIdentityEndpoints();
        app.MapExportEndpoints();
        app.MapImportErrorReport();
    }
}
