using CrmBlazor.Data.Interceptors;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Data;

public static class DataRegistration
{
    /// <summary>
    /// The database: one Npgsql data source for the process, and a scoped DbContext factory so each
    /// circuit or request gets contexts that carry its own tenant.
    /// </summary>
    public static void AddCrmData(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Crm");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:Crm is not set. Start the app with ./crm run, or set ConnectionStrings__Crm.");

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        builder.Services.AddDbContextFactory<CrmDbContext>(
            (sp, options) => Configure(options, sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ITenantContext>()),
            ServiceLifetime.Scoped);

        builder.Services.AddDataProtection()
            .SetApplicationName("CrmBlazor")
            .PersistKeysToDbContext<CrmDbContext>();
    }

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource, ITenantContext tenant) =>
        options.UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new TenantSessionInterceptor(tenant));
}
