using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Rows written under an import job (app.import_job, import_bulk_writes.sql) skip their own audit row
/// and search refresh, so only the rows the job itself creates may be written that way.
/// </summary>
public sealed class ImportBulkWriteTests(CrmDatabase database) : TenantSessionTests(database)
{
    private Task UnderJobAsync(Guid? job) =>
        Session.ExecuteAsync("select set_config('app.import_job', @j, false)", ("j", job?.ToString() ?? ""));

    /// <summary>An import job of the session's tenant in <paramref name="status"/>, with one staging row whose record id it returns.</summary>
    private async Task<(Guid Job, Guid Record)> JobWithOneRowAsync(string status)
    {
        var job = await Session.AddImportJobAsync();
        await Session.ExecuteAsync("update import_jobs set status = @s, total_rows = 1 where id = @j", ("s", status), ("j", job));
        var record = await Session.ScalarAsync<Guid>(
            "insert into import_rows (job_id, row_number, raw, mapped) values (@j, 1, '{}', '{}') returning record_id", ("j", job));
        return (job, record);
    }

    private async Task<PostgresException> RefusedAsync(Func<Task> write)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(write);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        return error;
    }

    [Fact]
    public async Task A_row_the_importing_job_creates_is_written_without_its_own_audit_row_or_search_document()
    {
        var (job, record) = await JobWithOneRowAsync("importing");
        await UnderJobAsync(job);
        await Session.ExecuteAsync("insert into contacts (id, first_name, last_name) values (@id, 'Imported', 'Quietly')", ("id", record));
        await UnderJobAsync(null);

        Assert.Equal(1L, await Session.CountAsync("contacts where id = @id", ("id", record)));
        Assert.Equal(0L, await Session.CountAsync("audit_logs where table_name = 'contacts' and record_id = @id", ("id", record)));
        Assert.DoesNotContain(record, await Session.FoundAsync("Quietly"));

        await Session.ExecuteAsync("update import_jobs set status = 'completed', search_pending = true where id = @j", ("j", job));
        await Session.ExecuteAsync("select crm_search_index_import(@j, 1, 1)", ("j", job));
        Assert.Contains(record, await Session.FoundAsync("Quietly"));
    }

    [Fact]
    public async Task Only_a_job_waiting_for_search_can_have_its_records_indexed()
    {
        var (job, _) = await JobWithOneRowAsync("completed");

        var error = await Assert.ThrowsAsync<PostgresException>(() => Session.ExecuteAsync("select crm_search_index_import(@j, 1, 1)", ("j", job)));
        Assert.Equal(PostgresErrorCodes.NoDataFound, error.SqlState);
    }

    [Fact]
    public async Task Without_the_setting_an_insert_is_audited_and_searchable_as_always()
    {
        var contact = await Session.AddContactAsync();
        await Session.ExecuteAsync("update contacts set last_name = 'Loudly' where id = @id", ("id", contact));

        Assert.Equal(1L, await Session.CountAsync("audit_logs where table_name = 'contacts' and record_id = @id and action = 'insert'", ("id", contact)));
        Assert.Contains(contact, await Session.FoundAsync("Loudly"));
    }

    [Fact]
    public async Task A_row_that_is_not_the_jobs_own_is_refused()
    {
        var (job, _) = await JobWithOneRowAsync("importing");
        await UnderJobAsync(job);

        var error = await RefusedAsync(() => Session.ExecuteAsync("insert into contacts (first_name, last_name) values ('Not', 'Staged')"));
        Assert.Contains("not records it creates", error.MessageText);
    }

    [Theory]
    [InlineData("ready")]
    [InlineData("completed")]
    public async Task A_job_that_is_not_importing_lets_nothing_skip_its_audit(string status)
    {
        var (job, record) = await JobWithOneRowAsync(status);
        await UnderJobAsync(job);

        await RefusedAsync(() => Session.ExecuteAsync("insert into contacts (id, first_name) values (@id, 'Late')", ("id", record)));
    }

    [Fact]
    public async Task Another_tenants_importing_job_lets_nothing_skip_its_audit()
    {
        var (job, record) = await JobWithOneRowAsync("importing");
        await Session.CreateTenantAsync("Another tenant");
        await UnderJobAsync(job);

        await RefusedAsync(() => Session.ExecuteAsync("insert into contacts (id, first_name) values (@id, 'Foreign')", ("id", record)));
    }

    [Fact]
    public async Task Tag_links_under_the_job_must_be_on_its_own_records()
    {
        var (job, record) = await JobWithOneRowAsync("importing");
        var tag = await Session.AddTagAsync();
        var other = await Session.AddContactAsync();
        await UnderJobAsync(job);
        await Session.ExecuteAsync("insert into contacts (id, first_name) values (@id, 'Tagged')", ("id", record));
        await Session.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@c, @t)", ("c", record), ("t", tag));

        await RefusedAsync(() => Session.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@c, @t)", ("c", other), ("t", tag)));
    }
}
