using CrmBlazor;
using CrmBlazor.Data;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Api;
using CrmBlazor.Features.Api.Keys;
using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Security;
using CrmBlazor.Features.Account.Sessions;
using CrmBlazor.Features.Mail;
using CrmBlazor.Features.Account.TwoFactor;
using CrmBlazor.Setup;

if (args.FirstOrDefault() == "mail-sink") { await MailSinkCommand.RunAsync(args[1..]); return; }

var builder = WebApplication.CreateBuilder(args);
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

var app = builder.Build();
if (await SetupCommands.TryRunAsync(app, args)) return;

app.UseCrmRequestHandling();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
