using CrmBlazor.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Acting as one of the seeded demo users inside a service scope, as a signed-in circuit would.</summary>
public static class DemoTenant
{
    /// <param name="lookupConnectionString">Where to look the user up, when not where the app connects (the app behind PgBouncer).</param>
    public static async Task<AsyncServiceScope> ActAsAsync(CrmAppFactory app, string email, string? lookupConnectionString = null)
    {
        await using var session = await OpenSessionAsync(app, email, lookupConnectionString);
        var tenantId = await session.ScalarAsync<Guid>("select NULLIF(current_setting('app.tenant_id'), '')::uuid");
        var userId = await session.ActingUserIdAsync();
        var role = await session.ScalarAsync<string>(
            "select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = @u", ("u", userId));
        return app.Services.GetRequiredService<TenantScopes>().Begin(new TenantSnapshot(tenantId, userId, role));
    }

    /// <summary>A raw session as crm_app acting as that user, for arranging and checking rows in SQL.</summary>
    public static async Task<DbSession> OpenSessionAsync(CrmAppFactory app, string email, string? connectionString = null)
    {
        var session = await DbSession.OpenAsync(connectionString ?? app.AppConnectionString);
        var tenantId = await session.ScalarAsync<Guid>("select tenant_id from crm_find_user_for_sign_in(upper(@e))", ("e", email));
        await session.ActAsAsync(tenantId);
        var userId = await session.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", email));
        await session.ActAsAsync(tenantId, userId);
        return session;
    }

    public const string Owner = "demo@crm.local";
    public const string Admin = "alex.admin@crm.local";
    public const string Member = "maria.lopez@crm.local";
    public const string Viewer = "victor.viewer@crm.local";

    /// <summary>The user a session acts as (app.user_id).</summary>
    public static Task<Guid> ActingUserIdAsync(this DbSession session) =>
        session.ScalarAsync<Guid>("select NULLIF(current_setting('app.user_id'), '')::uuid");
}
