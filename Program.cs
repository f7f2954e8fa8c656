using CrmBlazor;
using CrmBlazor.Features.Mail;
using CrmBlazor.Setup;

if (args.FirstOrDefault() == "mail-sink") { await MailSinkCommand.RunAsync(args[1..]); return; }

var builder = WebApplication.CreateBuilder(args);
builder.AddCrm();

var app = builder.Build();
if (await SetupCommands.TryRunAsync(app, args)) return;

app.UseCrmRequestHandling();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
