using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Identity;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Components.Account;

public static class IdentityRegistration
{
    public static void AddCrmIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, TenantCircuitHandler>();
        services.AddScoped<SignInService>();
        services.AddScoped<RegistrationService>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        // The cookie's security stamp is re-checked against the user row, which RLS only shows once
        // the request acts for the cookie's tenant.
        services.ConfigureApplicationCookie(cookie => cookie.Events.OnValidatePrincipal = async context =>
        {
            if (context.Principal is { } principal)
                context.HttpContext.RequestServices.GetRequiredService<TenantContext>().SetFrom(principal);
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        });

        services.AddIdentityCore<User>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<Role>()
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<CrmClaimsPrincipalFactory>();
    }
}
