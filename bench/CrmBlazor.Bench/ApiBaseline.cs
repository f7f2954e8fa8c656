using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// The API's reads and bulk create written by hand, as the runtime role with the tenant set (so
/// row-level security costs both sides the same): one statement that returns what the API returns
/// (the contact's columns, its tag ids, its version) in the API's order, keyset-paged the same way.
/// </summary>
public static class ApiBaseline
{
    public sealed record Filter(Guid? CompanyId = null, Guid? TagId = null);

    private const string Columns = """
        c.id, c.first_name, c.last_name, c.email, c.phone, c.job_title, c.notes, c.company_id, c.owner_id,
        coalesce((select array_agg(ct.tag_id order by ct.tag_id) from contact_tags ct where ct.contact_id = c.id), '{}'),
        c.created_at, c.updated_at, c.xmin
        """;

    /// <summary>A page of <paramref name="limit"/> contacts (oldest first) after the row (at, id) when given; the ids, and whether more follow.</summary>
    public static async Task<(List<Guid> Ids, bool More)> PageAsync(
        BenchDatabase db, Guid tenant, int limit, (DateTimeOffset At, Guid Id)? after = null, Filter? filter = null)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        await using var command = new NpgsqlCommand($"""
            select {Columns}
            from contacts c
            where c.tenant_id = @t and c.deleted_at is null
              {(after is null ? "" : "and (c.created_at, c.id) > (@at, @id)")}
              {(filter?.CompanyId is null ? "" : "and c.company_id = @company")}
              {(filter?.TagId is null ? "" : "and exists (select from contact_tags ct where ct.contact_id = c.id and ct.tag_id = @tag)")}
            order by c.created_at, c.id
            limit @n
            """, connection);
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("n", limit + 1);
        if (after is { } row)
        {
            command.Parameters.AddWithValue("at", row.At);
            command.Parameters.AddWithValue("id", row.Id);
        }
        if (filter?.CompanyId is { } company) command.Parameters.AddWithValue("company", company);
        if (filter?.TagId is { } tag) command.Parameters.AddWithValue("tag", tag);
        var ids = await ReadIdsAsync(command);
        return ids.Count > limit ? (ids[..limit], true) : (ids, false);
    }

    /// <summary>One contact as GET returns it: its id and its version (xmin), or nothing.</summary>
    public static async Task<(Guid Id, uint Version)?> GetAsync(BenchDatabase db, Guid tenant, Guid id)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        await using var command = new NpgsqlCommand($"select {Columns} from contacts c where c.id = @id and c.deleted_at is null", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetGuid(0), reader.GetFieldValue<uint>(12)) : null;
    }

    /// <summary>
    /// The rows in one multi-row INSERT in one transaction, as the user <paramref name="user"/> (the audit
    /// trigger names who changed what), into the same table with the same triggers; the new ids in order.
    /// </summary>
    public static async Task<List<Guid>> InsertAsync(BenchDatabase db, Guid tenant, Guid user, IReadOnlyList<BulkPerson> people)
    {
        await using var connection = await db.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var context = new NpgsqlCommand("select set_config('app.tenant_id', @t, true), set_config('app.user_id', @u, true)", connection, transaction))
        {
            context.Parameters.AddWithValue("t", tenant.ToString());
            context.Parameters.AddWithValue("u", user.ToString());
            await context.ExecuteNonQueryAsync();
        }
        var values = string.Join(",\n", people.Select((_, i) => $"(@t, @f{i}, @l{i}, @e{i}, @p{i}, @j{i}, @u, @u)"));
        await using var insert = new NpgsqlCommand(
            $"insert into contacts (tenant_id, first_name, last_name, email, phone, job_title, created_by, updated_by) values {values} returning id",
            connection, transaction);
        insert.Parameters.AddWithValue("t", tenant);
        insert.Parameters.AddWithValue("u", user);
        for (var i = 0; i < people.Count; i++)
        {
            insert.Parameters.AddWithValue($"f{i}", people[i].FirstName);
            insert.Parameters.AddWithValue($"l{i}", people[i].LastName);
            insert.Parameters.AddWithValue($"e{i}", people[i].Email);
            insert.Parameters.AddWithValue($"p{i}", people[i].Phone);
            insert.Parameters.AddWithValue($"j{i}", people[i].JobTitle);
        }
        var ids = await ReadIdsAsync(insert);
        await transaction.CommitAsync();
        return ids;
    }

    private static async Task<List<Guid>> ReadIdsAsync(NpgsqlCommand command)
    {
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));   // the other columns are read off the wire all the same
        return ids;
    }
}

/// <summary>A contact the bulk figure creates, the same on both sides.</summary>
public sealed record BulkPerson(string FirstName, string LastName, string Email, string Phone, string JobTitle);
