using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// A tenant with a million contacts at 50,000 companies (<see cref="SearchPeople"/>), generated once by
/// the schema owner and kept for later runs. Loaded with binary COPY inside one transaction that also
/// turns off the user triggers (audit, rules, tally, search) and, because COPY refuses tables with forced
/// row-level security, the owner's forcing on the two tables it copies into; both come back before commit,
/// so nothing else ever sees them off. What the triggers would have kept is then rebuilt: the tally
/// before the commit, the search after it. The load records itself (a bulk.load event), and the tenant
/// gets an Owner and a default pipeline in the same transaction.
/// </summary>
public static class SearchData
{
    public const int ContactsPerTenant = 1_000_000;
    private const int Companies = 50_000;
    private static readonly string[] TriggersOff = ["tenants", "companies", "contacts"];
    private static readonly string[] Copied = ["companies", "contacts"];

    public static async Task<Guid> EnsureTenantAsync(NpgsqlDataSource owner, string slug, string name, int seed)
    {
        await using var connection = await owner.OpenConnectionAsync();
        var existing = await ScalarAsync(connection, "select id from tenants where slug = @s", ("s", slug)) as Guid?;
        if (existing is { } id && await ScalarAsync(connection, "select live_contacts from contact_tallies where tenant_id = @t", ("t", id)) is long n
            && n >= ContactsPerTenant)
        {
            // Loaded; a run stopped before its search was built builds it now.
            if (await ScalarAsync(connection, "select exists (select from search_documents where tenant_id = @t)", ("t", id)) is not true)
                await RebuildSearchAsync(connection, id, name, Stopwatch.StartNew());
            return id;
        }
        id = existing ?? Guid.NewGuid();
        Console.Error.WriteLine($"Generating {ContactsPerTenant:N0} contacts for {name} (once; kept for later runs)...");
        var watch = Stopwatch.StartNew();

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ActAsTenantAsync(connection, id);
            foreach (var table in TriggersOff) await ExecuteAsync(connection, $"alter table {table} disable trigger user");
            var forced = new List<string>();
            foreach (var table in Copied)
                if (await ScalarAsync(connection, "select relforcerowsecurity from pg_class where oid = @t::regclass", ("t", table)) is true)
                {
                    forced.Add(table);
                    await ExecuteAsync(connection, $"alter table {table} no force row level security");
                }
            if (existing is null)
                await ExecuteAsync(connection, "insert into tenants (id, name, slug) values (@t, @n, @s)", ("t", id), ("n", name), ("s", slug));
            await ExecuteAsync(connection, "delete from contacts where tenant_id = @t", ("t", id));
            await ExecuteAsync(connection, "delete from companies where tenant_id = @t", ("t", id));

            var people = new SearchPeople(seed, DateTime.UtcNow);
            await CopyCompaniesAsync(connection, id, people.CreateCompanies(Companies));
            await CopyContactsAsync(connection, id, people);
            Console.Error.WriteLine($"  {name}: {people.Surnames.Count:N0} distinct surnames; copied in {watch.Elapsed.TotalSeconds:F0} s");

            foreach (var table in forced) await ExecuteAsync(connection, $"alter table {table} force row level security");
            await EnableTriggersAsync(connection, TriggersOff);
            await EnsureOwnerAndPipelineAsync(connection, id, slug);
            await RecordBulkLoadAsync(connection, TriggersOff, $"bench: {ContactsPerTenant:N0} generated contacts");
            // The tally trigger was off: count now. The tally also marks the load complete for later runs.
            await ExecuteAsync(connection, "select crm_recount_contacts(@t)", ("t", id));
            await transaction.CommitAsync();
        }
        await ExecuteAsync(connection, "vacuum analyze companies");
        await ExecuteAsync(connection, "vacuum analyze contacts");
        await RebuildSearchAsync(connection, id, name, watch);
        return id;
    }

    /// <summary>
    /// The search triggers were off for the load: build what they would have kept. After the load's commit,
    /// in a transaction of its own, because it takes long and the load's locks on tenants, companies and
    /// contacts would stop everyone else's work in the database meanwhile.
    /// </summary>
    private static async Task RebuildSearchAsync(NpgsqlConnection connection, Guid tenant, string name, Stopwatch watch)
    {
        var started = watch.Elapsed;
        await ExecuteAsync(connection, "select crm_rebuild_search(@t)", ("t", tenant));
        // Whatever tables the search keeps (search_documents and any it adds), so their statistics know the new tenant.
        var searchTables = new List<string>();
        await using (var command = new NpgsqlCommand("select tablename from pg_tables where schemaname = 'public' and tablename like 'search\\_%'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) searchTables.Add(reader.GetString(0));
        foreach (var table in searchTables) await ExecuteAsync(connection, $"vacuum analyze {table}");
        Console.Error.WriteLine($"  {name}: search built in {(watch.Elapsed - started).TotalSeconds:F0} s; done in {watch.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task CopyCompaniesAsync(NpgsqlConnection connection, Guid tenant, IReadOnlyList<SearchPeople.Company> companies)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy companies (id, tenant_id, name, domain, created_at, updated_at) from stdin (format binary)");
        foreach (var company in companies)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(company.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(tenant, NpgsqlDbType.Uuid);
            await copy.WriteAsync(company.Name, NpgsqlDbType.Varchar);
            await copy.WriteAsync(company.Domain, NpgsqlDbType.Varchar);
            await copy.WriteAsync(company.CreatedAt, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(company.UpdatedAt, NpgsqlDbType.TimestampTz);
        }
        await copy.CompleteAsync();
    }

    private static async Task CopyContactsAsync(NpgsqlConnection connection, Guid tenant, SearchPeople people)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy contacts (id, tenant_id, first_name, last_name, email, phone, job_title, company_id, created_at, updated_at) from stdin (format binary)");
        for (var i = 0; i < ContactsPerTenant; i++)
        {
            var person = people.NextPerson();
            await copy.StartRowAsync();
            await copy.WriteAsync(person.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(tenant, NpgsqlDbType.Uuid);
            await copy.WriteAsync(person.FirstName, NpgsqlDbType.Varchar);
            await copy.WriteAsync(person.LastName, NpgsqlDbType.Varchar);
            await WriteOrNullAsync(copy, person.Email);
            await WriteOrNullAsync(copy, person.Phone);
            await WriteOrNullAsync(copy, person.JobTitle);
            await copy.WriteAsync(person.CompanyId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(person.CreatedAt, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(person.UpdatedAt, NpgsqlDbType.TimestampTz);
        }
        await copy.CompleteAsync();
    }

    private static Task WriteOrNullAsync(NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Varchar);
}
