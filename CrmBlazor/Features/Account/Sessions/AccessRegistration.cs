using CrmBlazor.Data;

namespace CrmBlazor.Features.Account.Sessions;

public static class AccessRegistration
{
    /// <summary>Signed-in sessions (the profile's list, sign out one or everywhere), and the check that the app's database role is not privileged.</summary>
    public static void AddCrmAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SessionStart>();
        builder.Services.AddScoped<SessionService>();
        // First of the hosted services: nothing (the import runner, the server) starts before the check passes.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseRoleCheck>());
    }
}
