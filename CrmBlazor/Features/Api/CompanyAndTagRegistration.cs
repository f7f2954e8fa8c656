using CrmBlazor.Features.Api.Companies;
using CrmBlazor.Features.Api.Tags;

namespace CrmBlazor.Features.Api;

public static class CompanyAndTagRegistration
{
    /// <summary>The API's reads of companies and tags; their writes go through the pages' services.</summary>
    public static void AddCrmCompanyAndTagApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CompanyListing>();
        builder.Services.AddScoped<TagListing>();
    }
}
