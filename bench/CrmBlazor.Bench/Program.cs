using CrmBlazor.Bench;

// ./crm bench NAME: each harness prints one line per figure, with its ratio to hand-tuned SQL measured in the same run.
var owner = Environment.GetEnvironmentVariable("ConnectionStrings__Crm");
var app = Environment.GetEnvironmentVariable("ConnectionStrings__CrmApp");
if (string.IsNullOrEmpty(owner) || string.IsNullOrEmpty(app))
{
    Console.Error.WriteLine("Run benchmarks through ./crm bench NAME: it provides the owner and runtime connections.");
    return 2;
}

switch (args.FirstOrDefault())
{
    case "contacts":
        await ContactsBench.RunAsync(new BenchDatabase(owner, app));
        return 0;
    case "pipeline":
        await PipelineBench.RunAsync(new BenchDatabase(owner, app));
        return 0;
    case "search":
        return await SearchBench.RunAsync(new BenchDatabase(owner, app), args[1..]);
    case "import":
        return await ImportBench.RunAsync(new BenchDatabase(owner, app), app);
    case "api":
        return await ApiBench.RunAsync(new BenchDatabase(owner, app), app, args[1..]);
    case "audit":
        return await AuditBench.RunAsync(new BenchDatabase(owner, app), args[1..]);
    case "load":
        return await LoadBench.RunAsync(new BenchDatabase(owner, app), args[1..]);
    case "webhooks":
        return await WebhookBench.RunAsync(new BenchDatabase(owner, app), app, args[1..]);
    default:
        Console.Error.WriteLine("Benchmarks: contacts, pipeline, search, import, audit, api, webhooks, load");
        return 2;
}
