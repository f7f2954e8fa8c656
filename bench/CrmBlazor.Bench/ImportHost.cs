using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using CrmBlazor.Data;
using CrmBlazor.Features.Account;

namespace CrmBlazor.Bench;

/// <summary>
/// The app's services as an app node registers them (data, identity, features), built but not
/// started: the bench drives the import runner itself instead of its background loop.
/// </summary>
public static class ImportHost
{
    public static WebApplication Build(string appConnection)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["ConnectionStrings:Crm"] = appConnection;
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCrmData();
        builder.AddCrmIdentity();
        builder.AddCrmFeatures();
        return builder.Build();
    }
}
