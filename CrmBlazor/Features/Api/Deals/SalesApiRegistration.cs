using CrmBlazor.Features.Api.Activities;
using CrmBlazor.Features.Api.Pipelines;

namespace CrmBlazor.Features.Api.Deals;

public static class SalesApiRegistration
{
    /// <summary>The reads the deals, activities and pipelines endpoints add to the pages' services (which do every write).</summary>
    public static void AddCrmSalesApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DealListing>();
        builder.Services.AddScoped<ActivityListing>();
        builder.Services.AddScoped<PipelineListing>();
    }
}
