using CrmBlazor;
using CrmBlazor.Data;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Account.TwoFactor;
using CrmBlazor.Setup;

var builder = WebApplication.CreateBuilder(args);
builder.AddCrmData();
builder.AddCrmIdentity();
builder.AddCrmTwoFactor();
builder.AddCrmFeatures();

var app = builder.Build();
if (await SetupCommands.TryRunAsync(app, args)) return;

app.UseCrmRequestHandling();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
