using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Api;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Features.Account;

public static class IdentityRegistration
{
    public static void AddCrmIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, TenantCircuitHandler>();
        services.AddHttpContextAccessor();
        services.AddScoped<SignInService>();
        services.AddScoped<RegistrationService>();
        services.AddScoped<AccountService>();
        services.AddScoped<InvitationService>();
        services.AddSingleton<UserAccessChanges>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = ApiRegistration.CookieOrKey;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        // Checked against the user row once a minute, and on the next request after an admin changes the user.
        services.ConfigureApplicationCookie(cookie => cookie.Events.OnValidatePrincipal = UserRevalidation.ValidateCookieAsync);

        // Pages use these policies; service methods check the same table through PermissionGuard.
        var authorization = services.AddAuthorizationBuilder();
        foreach (var permission in Enum.GetValues<Permission>())
            authorization.AddPolicy(permission.ToString(), policy => policy.RequireRole(Permissions.RolesAllowed(permission)));

        services.AddIdentityCore<User>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedEmail = true;
                options.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.ProviderName;
            })
            .AddRoles<Role>()
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.ProviderName)
            .AddClaimsPrincipalFactory<CrmClaimsPrincipalFactory>();

        // The default provider's lifespan is how long an invitation and an email confirmation link last;
        // "forgot password" links have their own, shorter-lived provider (PasswordResetTokenProvider).
        services.Configure<DataProtectionTokenProviderOptions>(tokens => tokens.TokenLifespan = InvitationService.ValidFor);
    }
}
