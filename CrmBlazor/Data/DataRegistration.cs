using CrmBlazor.Data.Interceptors;
using CrmBlazor.Features.Security;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace CrmBlazor.Data;

public static class DataRegistration
{
    /// <summary>
    /// The database: one Npgsql data source and one pool of contexts for the process, and a scoped
    /// DbContext factory so each circuit or request gets contexts that act for its own tenant.
    /// </summary>
    public static void AddCrmData(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Crm");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:Crm is not set. Start the app with ./crm run, or set ConnectionStrings__Crm.");

        builder.Services.AddSingleton(_ => CreateDataSource(connectionString));
        builder.Services.AddSingleton(_ => ListenDataSource.Create(builder.Configuration));
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        builder.Services.AddSingleton<TenantScopes>();
        builder.Services.AddSingleton(sp => CreateContextPool(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddScoped<IDbContextFactory<CrmDbContext>, TenantDbContextFactory>();
        // For Identity's stores and data protection, which take a context: one per scope, back to the pool with it.
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContext());

        builder.Services.AddDataProtection()
            .SetApplicationName("CrmBlazor")
            .PersistKeysToDbContext<CrmDbContext>()
            .ProtectKeysWithConfiguredCertificate(builder.Configuration);
    }

    /// <summary>
    /// The app's connection pool. Statements it runs again and again (the list, the search, a move)
    /// are prepared on each connection after a few uses, so PostgreSQL stops re-planning them: with
    /// row-level security on every joined table, planning costs as much as running a page query.
    /// A returned connection is not reset (a round of RESET ALL, CLOSE ALL… before its next use):
    /// the app leaves no session state on it (TenantPerTransaction sets the tenant per transaction, and
    /// locks are transaction-scoped). A connection string that sets either option keeps its own value:
    /// through PgBouncer in transaction mode it says Max Auto Prepare=0, because PgBouncer 1.18 cannot
    /// carry a statement prepared on one server connection to the next.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (!Sets(connectionString, "Max Auto Prepare")) settings.MaxAutoPrepare = 200;
        if (!Sets(connectionString, "No Reset On Close")) settings.NoResetOnClose = true;
        return builder.Build();
    }

    // Npgsql reads "Max Auto Prepare" and "MaxAutoPrepare" alike.
    private static bool Sets(string connectionString, string option) =>
        connectionString.Replace(" ", "").Contains(option.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);

    /// <summary>The process's pool of contexts over <paramref name="dataSource"/>; <see cref="TenantDbContextFactory"/> hands them out.</summary>
    public static PooledDbContextFactory<CrmDbContext> CreateContextPool(NpgsqlDataSource dataSource)
    {
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        Configure(options, dataSource);
        return new PooledDbContextFactory<CrmDbContext>(options.Options);
    }

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(TenantPerTransaction.Instance, TextParameters.Instance);
}
