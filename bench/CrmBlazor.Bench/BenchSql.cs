using CrmBlazor.Features.Admin.Pipelines;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>The few raw commands the data generators, checks and hand-tuned baselines run.</summary>
public static class BenchSql
{
    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, params (string, object)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string, object)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Turns the row triggers of TABLES back on after a load. The keys checked at commit (a new tenant's
    /// created_by) have events queued even while the row triggers were off, and PostgreSQL refuses to alter a
    /// table with pending events: they are checked now instead, and then every deferrable check waits for the
    /// commit again (the owner and pipeline a loader adds next are checked there, as one change).
    /// </summary>
    public static async Task EnableTriggersAsync(NpgsqlConnection connection, IEnumerable<string> tables)
    {
        await ExecuteAsync(connection, "set constraints all immediate");
        foreach (var table in tables) await ExecuteAsync(connection, $"alter table {table} enable trigger user");
        await ExecuteAsync(connection, "set constraints all deferred");
    }

    /// <summary>
    /// The owner role reads every tenant's rows, but row-level security still confines its writes to the
    /// tenant set for the transaction: without this its deletes find nothing and its inserts are refused.
    /// </summary>
    public static Task ActAsTenantAsync(NpgsqlConnection connection, Guid tenant) =>
        ExecuteAsync(connection, "select set_config('app.tenant_id', @t, true)", ("t", tenant.ToString()));

    /// <summary>A signed-in-able Owner of the tenant, for harnesses that act as a user through the app's services.</summary>
    public static async Task<Guid> AddOwnerAsync(NpgsqlConnection connection, Guid tenant, string fullName, string email)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(connection, """
            insert into users (id, tenant_id, full_name, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                               security_stamp, concurrency_stamp, lockout_enabled, access_failed_count, phone_number_confirmed,
                               two_factor_enabled, is_active, prefers_dark_mode)
            values (@id, @t, @name, @email, upper(@email), @email, upper(@email), true, @id::text, @id::text, true, 0, false, false, true, false)
            """, ("id", id), ("t", tenant), ("name", fullName), ("email", email));
        await ExecuteAsync(connection, "insert into user_roles (user_id, role_id, tenant_id) select @id, id, @t from roles where name = 'Owner'",
            ("id", id), ("t", tenant));
        return id;
    }

    /// <summary>
    /// An active Owner and a default pipeline with won and lost stages, unless the tenant has them: every tenant
    /// must (a rule checked at commit), so a generator that makes a tenant makes both in the same transaction.
    /// </summary>
    public static async Task EnsureOwnerAndPipelineAsync(NpgsqlConnection connection, Guid tenant, string slug)
    {
        if (await ScalarAsync(connection, """
            select exists (select from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
                           where u.tenant_id = @t and r.normalized_name = 'OWNER' and u.is_active and u.deleted_at is null)
            """, ("t", tenant)) is not true)
            await AddOwnerAsync(connection, tenant, $"Owner of {slug}", $"owner@{slug}.local");
        if (await ScalarAsync(connection, "select exists (select from pipelines where tenant_id = @t and is_default)", ("t", tenant)) is true)
            return;
        var pipeline = DefaultPipeline.Create();
        var pipelineId = Guid.NewGuid();
        await ExecuteAsync(connection, "insert into pipelines (id, tenant_id, name, is_default) values (@p, @t, @n, true)",
            ("p", pipelineId), ("t", tenant), ("n", pipeline.Name));
        foreach (var stage in pipeline.Stages)
            await ExecuteAsync(connection, """
                insert into pipeline_stages (tenant_id, pipeline_id, name, position, probability, kind, color)
                values (@t, @p, @n, @pos, @prob, @kind, @color)
                """, ("t", tenant), ("p", pipelineId), ("n", stage.Name), ("pos", stage.Position),
                ("prob", stage.Probability), ("kind", stage.Kind), ("color", stage.Color));
    }

    /// <summary>
    /// The load's audit event (bulk.load): rows of these tables were written with the row triggers off. In the
    /// load's transaction, with its tenant set; ./crm db check then counts the tables' rows so far as audited.
    /// </summary>
    public static Task RecordBulkLoadAsync(NpgsqlConnection connection, IEnumerable<string> tables, string note) =>
        ExecuteAsync(connection, "select crm_record_bulk_load(@tables, @note)", ("tables", tables.ToArray()), ("note", note));

    /// <summary>Reads every row of every result set (as a caller would) and says how many there were.</summary>
    public static async Task<int> ReadAllAsync(NpgsqlCommand command)
    {
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync()) rows++;
        } while (await reader.NextResultAsync());
        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
