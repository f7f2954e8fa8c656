using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Column rules live in PostgreSQL as well as in the forms: CHECK constraints (23514) and column
/// lengths (22001) refuse bad values from any client, and nothing of the attempt is written.
/// </summary>
public sealed class CheckConstraintTests(CrmDatabase database) : TenantSessionTests(database)
{
    private (string, object?)[] ids = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var company = await Session.AddCompanyAsync();
        var pipeline = await Session.AddPipelineAsync();
        var deal = await Session.AddDealAsync(pipeline, companyId: company);
        ids = [("company", company), ("pipeline", pipeline.Id), ("stage", pipeline.FirstStageId), ("deal", deal)];
    }

    /// <summary>
    /// SQL (which may use @company, @pipeline, @stage and @deal) breaks CONSTRAINT and leaves FROM_WHERE
    /// as it was: for an insert the table, for an update the rows that would carry the bad value.
    /// </summary>
    private Task RefusedAsync(string constraint, string fromWhere, string sql) =>
        Session.RejectsAsync(PostgresErrorCodes.CheckViolation, constraint, fromWhere, sql, ids);

    private static string Deal(string value = "1000", string currency = "'EUR'", string probability = "10") => $"""
        insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
        values ('Deal', @pipeline, @stage, {value}, {currency}, {probability}, 'r1')
        """;

    [Fact]
    public Task A_deal_value_cannot_be_negative() => RefusedAsync("ck_deals_value", "deals", Deal(value: "-0.01"));

    [Fact]
    public Task A_deal_probability_cannot_exceed_100() => RefusedAsync("ck_deals_probability", "deals", Deal(probability: "101"));

    [Fact]
    public Task A_currency_must_be_three_capital_letters() => RefusedAsync("ck_deals_currency", "deals", Deal(currency: "'usd'"));

    [Theory]
    [InlineData("ck_activities_outcome", "insert into activities (type, subject, outcome) values ('call', 'Call', 'held')")]
    [InlineData("ck_activities_outcome", "insert into activities (type, subject, outcome) values ('meeting', 'Meeting', 'great')")]
    [InlineData("ck_activities_outcome", "insert into activities (type, subject, outcome) values ('note', 'Note', 'connected')")]
    [InlineData("ck_activities_duration", "insert into activities (type, subject, duration_minutes) values ('call', 'Call', -1)")]
    [InlineData("ck_activities_duration", "insert into activities (type, subject, duration_minutes) values ('meeting', 'Meeting', 1441)")]
    [InlineData("ck_activities_duration", "insert into activities (type, subject, duration_minutes) values ('task', 'Task', 30)")]
    public Task An_outcome_must_be_one_listed_for_calls_or_meetings_and_a_duration_from_0_to_1440_minutes(string constraint, string sql) =>
        RefusedAsync(constraint, "activities", sql);

    [Fact]
    public async Task A_color_must_be_a_hex_rgb_code()
    {
        await RefusedAsync("ck_tags_color", "tags", "insert into tags (name, color) values ('Hot', 'red')");
        await RefusedAsync("ck_pipeline_stages_color", "pipeline_stages", """
            insert into pipeline_stages (pipeline_id, name, position, probability, kind, color)
            values (@pipeline, 'Late', 9, 50, 'open', '#12345G')
            """);
    }

    [Theory]
    [InlineData("ck_tenants_name_not_blank", "tenants where btrim(name) = ''", "update tenants set name = ' '")]
    [InlineData("ck_users_full_name_not_blank", "users where btrim(full_name) = ''", "update users set full_name = '   '")]
    [InlineData("ck_companies_name_not_blank", "companies", "insert into companies (name) values ('  ')")]
    [InlineData("ck_tags_name_not_blank", "tags", "insert into tags (name, color) values ('', '#123456')")]
    [InlineData("ck_pipelines_name_not_blank", "pipelines", "insert into pipelines (name, is_default) values ('   ', false)")]
    [InlineData("ck_pipeline_stages_name_not_blank", "pipeline_stages",
        "insert into pipeline_stages (pipeline_id, name, position, probability, kind, color) values (@pipeline, ' ', 9, 0, 'open', '#123456')")]
    [InlineData("ck_deals_title_not_blank", "deals",
        "insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank) values (' ', @pipeline, @stage, 1, 'EUR', 1, 'r2')")]
    [InlineData("ck_activities_subject_not_blank", "activities", "insert into activities (type, subject) values ('note', ' ')")]
    [InlineData("ck_contacts_has_a_name", "contacts", "insert into contacts (first_name, last_name, email) values (null, '  ', 'x@example.test')")]
    [InlineData("ck_api_keys_name_not_blank", "api_keys",
        "insert into api_keys (name, prefix, key_hash, scopes) values (' ', 'abcdef', repeat('a', 64), '{contacts:read}')")]
    [InlineData("ck_import_jobs_kind_not_blank", "import_jobs",
        "insert into import_jobs (kind, file_name, status, total_rows, imported_rows, failed_rows) values (' ', 'f.csv', 'pending', 0, 0, 0)")]
    public Task Names_cannot_be_blank(string constraint, string fromWhere, string sql) => RefusedAsync(constraint, fromWhere, sql);

    [Theory]
    [InlineData("ck_tenants_slug_format", "tenants where slug = 'Not A Slug'", "update tenants set slug = 'Not A Slug'")]
    [InlineData("ck_companies_domain_format", "companies", "insert into companies (name, domain) values ('Acme', 'not a domain')")]
    [InlineData("ck_contacts_email_format", "contacts", "insert into contacts (first_name, email) values ('Ada', 'ada-at-example')")]
    [InlineData("ck_company_roles_role", "company_roles", "insert into company_roles (company_id, role) values (@company, 'friend')")]
    [InlineData("ck_deal_participants_role", "deal_participants",
        "insert into deal_participants (deal_id, company_id, role, is_primary) values (@deal, @company, 'investor', false)")]
    [InlineData("ck_deal_participants_commission_rate", "deal_participants",
        "insert into deal_participants (deal_id, company_id, role, is_primary, commission_rate) values (@deal, @company, 'customer', false, -0.1)")]
    [InlineData("ck_deal_participants_commission_rate", "deal_participants",
        "insert into deal_participants (deal_id, company_id, role, is_primary, commission_rate) values (@deal, @company, 'customer', false, 1.5)")]
    [InlineData("ck_pipeline_stages_kind", "pipeline_stages",
        "insert into pipeline_stages (pipeline_id, name, position, probability, kind, color) values (@pipeline, 'Perhaps', 9, 50, 'maybe', '#123456')")]
    [InlineData("ck_activities_type", "activities", "insert into activities (type, subject) values ('fax', 'Send the fax')")]
    [InlineData("ck_import_jobs_status", "import_jobs",
        "insert into import_jobs (kind, file_name, status, total_rows, imported_rows, failed_rows) values ('contacts', 'c.csv', 'done', 0, 0, 0)")]
    [InlineData("ck_deals_rank_not_blank", "deals",
        "insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank) values ('Deal', @pipeline, @stage, 1, 'EUR', 1, '')")]
    [InlineData("ck_pipeline_stages_position", "pipeline_stages where position < 0", "update pipeline_stages set position = -1 where id = @stage")]
    [InlineData("ck_pipeline_stages_probability", "pipeline_stages where probability < 0", "update pipeline_stages set probability = -5 where id = @stage")]
    [InlineData("ck_import_jobs_counts", "import_jobs",
        "insert into import_jobs (kind, file_name, status, total_rows, imported_rows, failed_rows) values ('contacts', 'f.csv', 'completed', 3, 2, 2)")]
    [InlineData("ck_api_keys_prefix", "api_keys", "insert into api_keys (name, prefix, key_hash, scopes) values ('Key', 'ab', repeat('b', 64), '{contacts:read}')")]
    [InlineData("ck_audit_logs_event_named", "audit_logs", "insert into audit_logs (action, table_name) values ('event', 'contacts')")]
    [InlineData("ck_audit_logs_action", "audit_logs", "insert into audit_logs (action, event) values ('rename', 'x')")]
    public Task Codes_formats_and_ranges_outside_their_rule_are_refused(string constraint, string fromWhere, string sql) =>
        RefusedAsync(constraint, fromWhere, sql);

    [Theory]
    [InlineData("companies", "insert into companies (name) values (repeat('n', 201))")]
    [InlineData("companies where length(name) > 200", "update companies set name = repeat('n', 201)")]
    [InlineData("contacts", "insert into contacts (first_name, email) values ('Ada', repeat('a', 310) || '@example.test')")]
    [InlineData("tags", "insert into tags (name, color) values (repeat('t', 101), '#123456')")]
    [InlineData("deals",
        "insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank) values (repeat('d', 201), @pipeline, @stage, 1, 'EUR', 1, 'r3')")]
    [InlineData("activities", "insert into activities (type, subject) values ('note', repeat('s', 301))")]
    [InlineData("activities", "insert into activities (type, subject, body) values ('note', 'Long', repeat('b', 20001))")]
    public Task Text_longer_than_its_column_is_refused(string fromWhere, string sql) =>
        Session.RejectsAsync(PostgresErrorCodes.StringDataRightTruncation, null, fromWhere, sql, ids);
}
