using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Unique indexes that ignore letter case and soft-deleted rows, and hold per tenant or per pipeline.
/// </summary>
public sealed class UniquenessTests(CrmDatabase database) : TenantSessionTests(database)
{
    private const string Duplicate = PostgresErrorCodes.UniqueViolation;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Two_live_contacts_of_a_tenant_cannot_share_an_email_in_any_letter_case()
    {
        var email = Unique("ada") + "@Example.test";
        var first = await Session.AddContactAsync(email: email);
        await Session.RejectsAsync(Duplicate, "ux_contacts_email_active", "contacts",
            "insert into contacts (first_name, email) values ('Ada', @email)", ("email", email.ToUpperInvariant()));
        await Session.RejectsAsync(Duplicate, "ux_contacts_email_active", "contacts where email = @email",
            "update contacts set email = @email where id = @other", ("email", email.ToLowerInvariant()), ("other", await Session.AddContactAsync()));

        await Session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", first));
        await Session.AddContactAsync(email: email.ToLowerInvariant());
        Assert.Equal(2L, await Session.CountAsync("contacts where lower(email) = lower(@email)", ("email", email)));

        await Session.CreateTenantAsync();
        await Session.AddContactAsync(email: email);
        Assert.Equal(1L, await Session.CountAsync("contacts where lower(email) = lower(@email)", ("email", email)));
    }

    [Fact]
    public async Task Two_live_companies_of_a_tenant_cannot_share_a_domain_in_any_letter_case()
    {
        var domain = Unique("acme") + ".example";
        var first = await Session.AddCompanyAsync(domain: domain);
        await Session.RejectsAsync(Duplicate, "ux_companies_domain_active", "companies",
            "insert into companies (name, domain) values ('Acme again', @domain)", ("domain", domain.ToUpperInvariant()));

        await Session.ExecuteAsync("update companies set deleted_at = now() where id = @id", ("id", first));
        await Session.AddCompanyAsync(domain: domain.ToUpperInvariant());
        Assert.Equal(2L, await Session.CountAsync("companies where lower(domain) = @domain", ("domain", domain)));

        await Session.CreateTenantAsync();
        await Session.AddCompanyAsync(domain: domain);
        Assert.Equal(1L, await Session.CountAsync("companies where lower(domain) = @domain", ("domain", domain)));
    }

    [Fact]
    public async Task Tag_names_are_unique_per_tenant_in_any_letter_case()
    {
        await Session.AddTagAsync("VIP");
        await Session.RejectsAsync(Duplicate, "ux_tags_name", "tags", "insert into tags (name, color) values ('vip', '#000000')");

        await Session.CreateTenantAsync();
        await Session.AddTagAsync("vip");
        Assert.Equal(1L, await Session.CountAsync("tags where lower(name) = 'vip'"));
    }

    [Fact]
    public async Task Pipeline_names_are_unique_per_tenant_in_any_letter_case()
    {
        await Session.ExecuteAsync("insert into pipelines (name, is_default) values ('Sales', false)");
        await Session.RejectsAsync(Duplicate, "ux_pipelines_name", "pipelines", "insert into pipelines (name, is_default) values ('SALES', false)");
    }

    [Fact]
    public async Task A_user_email_belongs_to_one_user_across_all_tenants()
    {
        var email = Unique("owner") + "@example.test";
        await Session.AddUserAsync(email: email);
        await Session.CreateTenantAsync();
        var error = await DbAssert.FailsAsync(Duplicate, () => Session.AddUserAsync(email: email.ToUpperInvariant()));
        Assert.Contains(error.ConstraintName, new[] { "ux_users_email", "ux_users_normalized_email", "ux_users_normalized_user_name" });
        Assert.Equal(0L, await Session.CountAsync("users where lower(email) = @email", ("email", email)));
    }

    [Fact]
    public async Task Two_live_deals_in_a_stage_cannot_share_a_rank()
    {
        var pipeline = await Session.AddPipelineAsync();
        var first = await Session.AddDealAsync(pipeline, rank: "m");
        await Session.RejectsAsync(Duplicate, "ux_deals_board_rank", "deals", """
            insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
            values ('Twin', @pipeline, @stage, 1, 'EUR', 10, 'm')
            """, ("pipeline", pipeline.Id), ("stage", pipeline.FirstStageId));

        await Session.AddDealAsync(pipeline, stageId: pipeline.StageIds[1], rank: "m");
        await Session.ExecuteAsync("update deals set deleted_at = now() where id = @id", ("id", first));
        await Session.AddDealAsync(pipeline, rank: "m");
        Assert.Equal(3L, await Session.CountAsync("deals where rank = 'm'"));
    }

    [Fact]
    public async Task A_tenant_has_at_most_one_default_pipeline()
    {
        // The tenant has its default already (TestTenants.CreateTenantAsync).
        await Session.RejectsAsync(Duplicate, "ux_pipelines_one_default", "pipelines",
            "insert into pipelines (name, is_default) values ('Second default', true)");
        await Session.AddPipelineAsync(isDefault: false);
        Assert.Equal(1L, await Session.CountAsync("pipelines where is_default"));
    }

    [Fact]
    public async Task Stage_names_are_unique_within_a_pipeline_in_any_letter_case()
    {
        var pipeline = await Session.AddPipelineAsync(stages: 1);
        await Session.RejectsAsync(Duplicate, "ux_pipeline_stages_name", "pipeline_stages", """
            insert into pipeline_stages (pipeline_id, name, position, probability, kind, color)
            values (@pipeline, 'STAGE 0', 5, 0, 'open', '#000000')
            """, ("pipeline", pipeline.Id));

        var other = await Session.AddPipelineAsync(isDefault: false, stages: 1);
        Assert.Equal(2L, await Session.CountAsync("pipeline_stages where name = 'Stage 0' and pipeline_id in (@a, @b)",
            ("a", pipeline.Id), ("b", other.Id)));
    }

    [Fact]
    public async Task Stage_positions_are_unique_within_a_pipeline_when_the_transaction_commits()
    {
        var pipeline = await Session.AddPipelineAsync(stages: 2);
        var ct = TestContext.Current.CancellationToken;
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await Session.AddStageAsync(pipeline.Id, "Squatter", position: 1);
            var error = await DbAssert.FailsAsync(Duplicate, () => transaction.CommitAsync(ct));
            Assert.Equal("uq_pipeline_stages_position", error.ConstraintName);
        }
        Assert.Equal(2L, await Session.CountAsync("pipeline_stages where pipeline_id = @p", ("p", pipeline.Id)));
    }

    [Fact]
    public async Task Two_stages_can_swap_positions_in_one_transaction()
    {
        var pipeline = await Session.AddPipelineAsync(stages: 2);
        var ct = TestContext.Current.CancellationToken;
        await using (var transaction = await Session.Connection.BeginTransactionAsync(ct))
        {
            await Session.ExecuteAsync("update pipeline_stages set position = 1 where id = @id", ("id", pipeline.StageIds[0]));
            await Session.ExecuteAsync("update pipeline_stages set position = 0 where id = @id", ("id", pipeline.StageIds[1]));
            await transaction.CommitAsync(ct);
        }
        Assert.Equal([pipeline.StageIds[1], pipeline.StageIds[0]],
            await Session.ListAsync<Guid>("select id from pipeline_stages where pipeline_id = @p order by position", ("p", pipeline.Id)));
    }
}
