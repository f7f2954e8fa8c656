namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A pipeline and its stages, in position order.</summary>
public sealed record TestPipeline(Guid Id, Guid[] StageIds)
{
    public Guid FirstStageId => StageIds[0];
}

/// <summary>
/// Valid rows for tests to build on, inserted through SQL into the tenant the session acts as (the
/// tenant_id columns default to app.tenant_id). Each returns the new row's id.
/// </summary>
public static class TestRows
{
    public static Task<Guid> AddCompanyAsync(this DbSession session, string? name = null, string? domain = null, Guid? ownerId = null) =>
        session.InsertAsync("insert into companies (name, domain, owner_id) values (@name, @domain, @owner) returning id",
            ("name", name ?? "Company " + Unique()), ("domain", domain), ("owner", ownerId));

    public static Task AddCompanyRoleAsync(this DbSession session, Guid companyId, string role) =>
        session.ExecuteAsync("insert into company_roles (company_id, role) values (@company, @role)", ("company", companyId), ("role", role));

    public static Task<Guid> AddContactAsync(this DbSession session, Guid? companyId = null, string? email = null, Guid? ownerId = null) =>
        session.InsertAsync("""
            insert into contacts (first_name, last_name, email, company_id, owner_id)
            values ('Ada', 'Lovelace', @email, @company, @owner) returning id
            """, ("email", email), ("company", companyId), ("owner", ownerId));

    public static Task<Guid> AddTagAsync(this DbSession session, string? name = null) =>
        session.InsertAsync("insert into tags (name, color) values (@name, '#3366FF') returning id", ("name", name ?? "Tag " + Unique()));

    /// <summary>
    /// A pipeline with STAGES open stages at positions 0, 1, 2 … Not the default unless told: every test
    /// tenant has its default already (<see cref="TestTenants.CreateTenantAsync"/>), and a tenant has one only.
    /// </summary>
    public static async Task<TestPipeline> AddPipelineAsync(this DbSession session, bool isDefault = false, int stages = 3)
    {
        var id = await session.InsertAsync("insert into pipelines (name, is_default) values (@name, @default) returning id",
            ("name", "Pipeline " + Unique()), ("default", isDefault));
        var stageIds = new Guid[stages];
        for (var position = 0; position < stages; position++)
            stageIds[position] = await session.AddStageAsync(id, $"Stage {position}", position);
        return new TestPipeline(id, stageIds);
    }

    public static Task<Guid> AddStageAsync(this DbSession session, Guid pipelineId, string name, int position) =>
        session.InsertAsync("""
            insert into pipeline_stages (pipeline_id, name, position, probability, kind, color)
            values (@pipeline, @name, @position, 10, 'open', '#888888') returning id
            """, ("pipeline", pipelineId), ("name", name), ("position", position));

    /// <summary>A deal in the pipeline's first stage unless STAGE is given; RANK is unique unless given.</summary>
    public static Task<Guid> AddDealAsync(this DbSession session, TestPipeline pipeline, Guid? stageId = null,
        Guid? contactId = null, Guid? companyId = null, string? rank = null, Guid? ownerId = null) =>
        session.InsertAsync("""
            insert into deals (title, pipeline_id, stage_id, contact_id, company_id, owner_id, value, currency, probability, rank)
            values ('Deal', @pipeline, @stage, @contact, @company, @owner, 1000, 'EUR', 10, @rank) returning id
            """, ("pipeline", pipeline.Id), ("stage", stageId ?? pipeline.FirstStageId), ("contact", contactId),
            ("company", companyId), ("owner", ownerId), ("rank", rank ?? Unique()));

    public static Task<Guid> AddParticipantAsync(this DbSession session, Guid dealId, Guid companyId, string role = "customer", bool isPrimary = false) =>
        session.InsertAsync("""
            insert into deal_participants (deal_id, company_id, role, is_primary)
            values (@deal, @company, @role, @primary) returning id
            """, ("deal", dealId), ("company", companyId), ("role", role), ("primary", isPrimary));

    public static Task<Guid> AddActivityAsync(this DbSession session, Guid? contactId = null, Guid? companyId = null, Guid? dealId = null) =>
        session.InsertAsync("""
            insert into activities (type, subject, contact_id, company_id, deal_id)
            values ('call', 'Call', @contact, @company, @deal) returning id
            """, ("contact", contactId), ("company", companyId), ("deal", dealId));

    public static Task<Guid> AddApiKeyAsync(this DbSession session) =>
        session.InsertAsync("""
            insert into api_keys (name, prefix, key_hash, scopes) values ('Key', @prefix, @hash, '{contacts:read}') returning id
            """, ("prefix", "k" + Unique()[..10]), ("hash", Unique() + Unique()));

    public static Task<Guid> AddImportJobAsync(this DbSession session) =>
        session.InsertAsync("""
            insert into import_jobs (kind, file_name, status, total_rows, imported_rows, failed_rows)
            values ('contacts', 'contacts.csv', 'pending', 0, 0, 0) returning id
            """);

    /// <summary>Rows the session can see: <c>select count(*) from FROM_WHERE</c>.</summary>
    public static Task<long> CountAsync(this DbSession session, string fromWhere, params (string Name, object? Value)[] parameters) =>
        session.ScalarAsync<long>("select count(*) from " + fromWhere, parameters);

    /// <summary>The first column of every row SQL returns.</summary>
    public static async Task<List<T>> ListAsync<T>(this DbSession session, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, session.Connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var values = new List<T>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    private static Task<Guid> InsertAsync(this DbSession session, string sql, params (string Name, object? Value)[] parameters) =>
        session.ScalarAsync<Guid>(sql, parameters);

    private static string Unique() => Guid.NewGuid().ToString("N");
}
