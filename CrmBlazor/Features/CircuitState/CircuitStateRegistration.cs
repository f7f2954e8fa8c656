using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Caching.Distributed;

namespace CrmBlazor.Features.CircuitState;

public static class CircuitStateRegistration
{
    /// <summary>
    /// Circuit state that outlives its node: a HybridCache over <see cref="PostgresDistributedCache"/>, which Blazor
    /// takes as CircuitOptions.HybridPersistenceCache when it finds one registered, and the retention periods.
    /// </summary>
    public static void AddCrmCircuitState(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("CircuitState").Get<CircuitStateSettings>() ?? new();
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton<PostgresDistributedCache>();
        services.AddSingleton<IDistributedCache>(sp => sp.GetRequiredService<PostgresDistributedCache>());
        services.AddHybridCache();
        services.AddHostedService<ExpiredCacheEntriesPurge>();
        services.Configure<CircuitOptions>(circuits =>
        {
            circuits.PersistedCircuitDistributedRetentionPeriod = TimeSpan.FromMinutes(settings.RetentionMinutes);
            circuits.PersistedCircuitInMemoryRetentionPeriod = TimeSpan.FromSeconds(settings.LocalRetentionSeconds);
            if (settings.DisconnectedRetentionSeconds is { } seconds)
                circuits.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(seconds);
        });
    }
}
