using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Import;

/// <summary>Cancel and undo: a cancelled write leaves none of its rows; undo puts back exactly what was there.</summary>
public sealed class ImportUndoTests(CrmDatabase database) : DemoAppTests(database)
{
    private static string Unique => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Undo_soft_deletes_the_created_rows_and_companies_and_restores_the_updated_ones()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        var u = Unique;
        var existing = await session.AddContactAsync();
        await session.ExecuteAsync("update contacts set email = @e, phone = '111', job_title = null where id = @id", ("e", $"old.{u}@example.com"), ("id", existing));
        var kept = await session.AddTagAsync($"kept {u}");
        await session.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@c, @t)", ("c", existing), ("t", kept));
        var before = await session.ScalarAsync<string>("select to_jsonb(c) - 'xmin' - 'updated_at' - 'updated_by' from contacts c where id = @id", ("id", existing));
        var upload = await steps.UploadAsync($"""
            First Name,Email,Phone,Job Title,Company,Tags
            Old,old.{u}@example.com,222,Boss,New Co {u},kept {u}; added {u}
            Fresh,fresh.{u}@example.com,333,,New Co {u},
            """);
        await steps.Service.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested, ExistingRecordPolicy.Update));
        await steps.WaitForAsync(upload.JobId, "ready");
        await steps.Service.StartAsync(upload.JobId);
        var done = await steps.WaitForAsync(upload.JobId, "completed");
        Assert.Equal(new ImportCounts(1, 1, 0, 0), done.Result);
        Assert.True(done.CanUndo);
        const string tagsOfExisting = "select t.name from contact_tags ct join tags t on t.id = ct.tag_id where ct.contact_id = @id order by t.name";
        Assert.Equal([$"added {u}", $"kept {u}"], await session.ListAsync<string>(tagsOfExisting, ("id", existing)));

        var undone = await steps.Service.UndoAsync(upload.JobId);

        Assert.True(undone.Succeeded, undone.Problem);
        Assert.Equal(before, await session.ScalarAsync<string>("select to_jsonb(c) - 'xmin' - 'updated_at' - 'updated_by' from contacts c where id = @id", ("id", existing)));
        Assert.Equal([$"kept {u}"], await session.ListAsync<string>(tagsOfExisting, ("id", existing)));
        Assert.Equal(0L, await session.CountAsync("contacts where email = @e and deleted_at is null", ("e", $"fresh.{u}@example.com")));
        Assert.Equal(0L, await session.CountAsync("companies where name = @n and deleted_at is null", ("n", $"New Co {u}")));
        Assert.Equal(1L, await session.CountAsync("audit_logs where event = 'import.undo' and record_id = @j", ("j", upload.JobId)));
        var after = await steps.Service.ProgressAsync(upload.JobId);
        Assert.False(after!.CanUndo);
        Assert.Equal("This import has already been undone.", (await steps.Service.UndoAsync(upload.JobId)).Problem);
    }

    [Fact]
    public async Task Cancelling_during_the_write_leaves_none_of_the_jobs_rows()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var u = Unique;
        var reviewed = await steps.ReviewAsync(ImportSteps.ManyContacts(5_000, u));
        await steps.Service.StartAsync(reviewed.JobId);
        using (var patience = new CancellationTokenSource(ImportSteps.Patience))
            while ((await steps.Service.ProgressAsync(reviewed.JobId))!.RowsWritten == 0)
                await Task.Delay(10, patience.Token);

        Assert.True((await steps.Service.CancelAsync(reviewed.JobId)).Succeeded);
        var ended = await steps.WaitForAsync(reviewed.JobId, "cancelled", "completed", "failed");

        Assert.Equal("cancelled", ended.Status);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        Assert.Equal(0L, await session.CountAsync("contacts where email like @e", ("e", $"%.{u}@example.com")));
        Assert.Equal(0, ended.RowsWritten);
    }
}
