using CrmBlazor.Components;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Api;
using CrmBlazor.Features.Diagnostics;
using CrmBlazor.Features.Account.TwoFactor;
using CrmBlazor.Features.Export;
using CrmBlazor.Features.Health;
using CrmBlazor.Features.Import;
using CrmBlazor.Features.Security;
using CrmBlazor.Tenancy;

namespace CrmBlazor;

public static class RequestHandling
{
    public static void UseCrmRequestHandling(this WebApplication app)
    {
        app.UseCrmSecurity();
        // Users see the friendly error page, never a stack trace, in every environment.
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseCrmApiErrors();
        app.UseCrmRateLimits();

        app.UseAuthentication();
        app.UseMiddleware<TenantContextMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseCrmTwoFactor();

        app.MapStaticAssets();
        app.MapCrmHealth();
        // SecurityHeaders sends the one policy (frame-ancestors 'none'); Blazor's own frame-ancestors 'self' header is not needed.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);
        app.MapIdentityEndpoints();
        app.MapExportEndpoints();
        app.MapCrmApi();
        app.MapImportErrorReport();
        app.MapMemoryReport();
    }
}
