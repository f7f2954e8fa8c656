using CrmBlazor.Features.Account;
using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Features.Audit;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Dashboard;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Features.Diagnostics;
using CrmBlazor.Features.Export;
using CrmBlazor.Features.Health;
using CrmBlazor.Features.Import;
using CrmBlazor.Features.Live;
using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;
using CrmBlazor.Features.Tags;
using CrmBlazor.Features.Timeline;
using CrmBlazor.Features.Trash;
using CrmBlazor.Features.Webhooks;
using CrmBlazor.Tenancy;
using MudBlazor.Services;

namespace CrmBlazor;

public static class FeatureRegistration
{
    /// <summary>The UI and the services its pages inject, one line per feature.</summary>
    public static void AddCrmFeatures(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // SignalR's default 32 KB per message is less than the longest field a form allows (a 20,000-character note,
        // up to 3 bytes a character in UTF-8): above it the circuit drops the change and the dialog saves nothing.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 128 * 1024);
        services.AddMudServices(mud => SnackbarDefaults.Configure(mud.SnackbarConfiguration));
        builder.AddCrmHealth();
        services.AddSingleton<OpenCircuits>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, OpenCircuitCounter>();

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<PermissionGuard>();
        services.AddScoped<ProfileService>();
        services.AddScoped<LookupService>();
        services.AddScoped<ContactService>();
        services.AddScoped<ActivityService>();
        services.AddScoped<ActivityListService>();
        services.AddScoped<ActivityLinkFinder>();
        services.AddScoped<DueTaskNotifier>();
        services.AddScoped<TimelineService>();
        services.AddScoped<DashboardService>();
        services.AddScoped<GettingStartedService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<CompanyService>();
        services.AddScoped<TagService>();
        services.AddScoped<DealMoveService>();
        services.AddScoped<PipelineBoardService>();
        services.AddScoped<DealService>();
        services.AddScoped<TrashService>();
        services.AddScoped<DealOutcomeService>();
        services.AddScoped<DealParticipantService>();
        services.AddScoped<DealHistoryService>();
        services.AddScoped<PipelineAdminService>();
        services.AddScoped<SearchEverythingService>();
        services.AddScoped<AuditLogService>();
        services.AddScoped<RecordHistoryService>();
        services.AddScoped<AuditRevertService>();
        services.AddScoped<AuditExport>();
        services.AddScoped<DataHealthService>();
        services.AddScoped<TenantBackup>();
        services.AddScoped<TenantRestore>();
        services.AddScoped<ImportService>();
        services.AddScoped<ImportUndo>();
        services.AddScoped<ImportReadPhase>();
        services.AddScoped<ImportWritePhase>();
        services.AddScoped<ImportSearchIndexing>();
        services.AddScoped<ImportJobRun>();
        services.AddSingleton<ImportQueue>();
        services.AddSingleton<ImportRunner>();
        // Every node runs import jobs unless told not to (Import:RunJobs=false): a node that only serves pages.
        if (builder.Configuration.GetValue("Import:RunJobs", true))
            services.AddHostedService(sp => sp.GetRequiredService<ImportRunner>());
        services.AddSingleton<PipelineChangeFeed>();
        services.AddSingleton<IPipelineChangeFeed>(sp => sp.GetRequiredService<PipelineChangeFeed>());
        services.AddSingleton<ILiveFeed>(sp => sp.GetRequiredService<PipelineChangeFeed>());
        services.AddHostedService<LiveListener>();
        builder.AddCrmWebhooks();
    }
}
