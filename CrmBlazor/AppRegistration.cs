using CrmBlazor.Data;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Account.Sessions;
using CrmBlazor.Features.Account.TwoFactor;
using CrmBlazor.Features.Api;
using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Api.Keys;
using CrmBlazor.Features.CircuitState;
using CrmBlazor.Features.Mail;
using CrmBlazor.Features.Security;

namespace CrmBlazor;

public static class AppRegistration
{
    /// <summary>Every service of the app: Program.cs and the bench hosts that serve the whole app register the same.</summary>
    public static void AddCrm(this WebApplicationBuilder builder)
    {
        builder.AddCrmData();
        builder.AddCrmIdentity();
        builder.AddCrmTwoFactor();
        builder.AddCrmFeatures();
        builder.AddCrmSecurity();
        builder.AddCrmAccess();
        builder.AddCrmMail();
        builder.AddCrmApi();
        builder.AddCrmApiKeys();
        builder.AddCrmApiDocs();
        builder.AddCrmCircuitState();
    }
}
