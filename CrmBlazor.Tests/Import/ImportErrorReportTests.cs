using System.Text;
using CrmBlazor.Data;
using CrmBlazor.Features.Import;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Import;

/// <summary>The error report's content, and that a job, its file and its staging rows are its tenant's alone.</summary>
public sealed class ImportErrorReportTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_error_report_gives_each_failed_row_its_original_cells_escaped_and_its_error()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var reviewed = await steps.ReviewAsync("First Name,Email,Notes\r\nAva,ava@example,\"=HYPERLINK(\"\"x\"\")\"\r\nBen,ben@example.com,ok\r\n@sum,bad,\"a,b\"\r\n");

        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(Ct);
        using var output = new MemoryStream();
        await ImportErrorReport.WriteRowsAsync(db, reviewed.JobId, ["First Name", "Email", "Notes"], output, Ct);

        Assert.Equal(
            "First Name,Email,Notes,Error\r\n" +
            "Ava,ava@example,\"'=HYPERLINK(\"\"x\"\")\",“ava@example” is not a valid email address.\r\n" +
            "'@sum,bad,\"a,b\",“bad” is not a valid email address.\r\n",
            new UTF8Encoding(false).GetString(output.ToArray()).TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task Another_tenant_sees_neither_the_job_nor_its_file_nor_its_rows()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var reviewed = await steps.ReviewAsync("First Name,Email\nAva,ava@example.com\n");
        await using var other = await DbSession.OpenAsync(App.AppConnectionString);
        var tenant = await other.CreateTenantAsync("Other tenant");

        await using var scope = App.Services.GetRequiredService<TenantScopes>().Begin(new TenantSnapshot(tenant.Id, tenant.OwnerId, "Owner"));
        var service = scope.ServiceProvider.GetRequiredService<ImportService>();

        Assert.Null(await service.ProgressAsync(reviewed.JobId));
        Assert.Empty(await service.RecentAsync());
        Assert.True((await service.StartAsync(reviewed.JobId)).IsGone);
        Assert.Equal(0L, await other.CountAsync("import_rows where job_id = @j", ("j", reviewed.JobId)));
        Assert.Equal(0L, await other.CountAsync("import_file_chunks where job_id = @j", ("j", reviewed.JobId)));
        await using var member = await steps.OpenSessionAsync(DemoTenant.Member);
        Assert.Equal(1L, await member.CountAsync("import_rows where job_id = @j", ("j", reviewed.JobId)));
    }
}
