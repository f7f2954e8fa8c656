using CrmBlazor.Features.Account.Passkeys;

namespace CrmBlazor.Features.Account.TwoFactor;

public static class TwoFactorRegistration
{
    /// <summary>The second factor's services: authenticator app, passkeys, the tenant's requirement, and sign-in's unknown-email lockouts.</summary>
    public static void AddCrmTwoFactor(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<TwoFactorService>();
        services.AddScoped<TwoFactorPolicyService>();
        services.AddScoped<PasskeyService>();
        services.AddSingleton<UnknownEmailLockouts>();
    }

    /// <summary>After authentication and the tenant context: sends users who owe a second factor to set one up; the passkey option endpoints.</summary>
    public static void UseCrmTwoFactor(this WebApplication app)
    {
        app.UseMiddleware<TwoFactorRequirement>();
        app.MapPasskeyEndpoints();
    }
}
