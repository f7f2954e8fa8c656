using CrmBlazor.Tests.Infrastructure;
using static CrmBlazor.Setup.IntegrityCheck;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// ./crm db check's rules about deals, their primary customer, their activities and their titles. Each test plants
/// the problem in the demo tenant as the schema owner, turning off the trigger that would refuse or repair it.
/// </summary>
public sealed class DealIntegrityCheckTests(PostgresCluster cluster) : IntegrityCheckTestBase(cluster)
{
    [Fact]
    public async Task Deal_with_a_company_but_no_primary_customer_is_reported()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId);
        await session.ExecuteAsync("ALTER TABLE deal_participants DISABLE TRIGGER primary_customer_is_deal_company");
        var (dealId, title) = await AnyDealAsync(session);
        await session.ExecuteAsync("DELETE FROM deal_participants WHERE deal_id = @d AND role = 'customer'", ("d", dealId));
        await session.ExecuteAsync("ALTER TABLE deal_participants ENABLE TRIGGER primary_customer_is_deal_company");

        var report = await CheckAsync(database);

        Assert.Equal([DealsWithoutPrimaryCustomer], Problems(report));
        var finding = Finding(report, DealsWithoutPrimaryCustomer);
        Assert.Equal(1, finding.Count);
        Assert.Equal([$"{title} ({dealId})"], finding.Examples);
        Assert.Equal([$"/deals/{dealId}"], finding.Links);
    }

    [Fact]
    public async Task Primary_customer_other_than_the_deals_company_is_reported()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId);
        await session.ExecuteAsync("ALTER TABLE deal_participants DISABLE TRIGGER primary_customer_is_deal_company");
        var (dealId, title) = await AnyDealAsync(session);
        var company = await session.ScalarAsync<string>("SELECT c.name FROM deals d JOIN companies c ON c.id = d.company_id WHERE d.id = @d", ("d", dealId));
        var initech = await session.ScalarAsync<Guid>("INSERT INTO companies (name) VALUES ('Initech') RETURNING id");
        await session.ExecuteAsync("UPDATE deal_participants SET company_id = @c WHERE deal_id = @d AND role = 'customer' AND is_primary",
            ("c", initech), ("d", dealId));
        await session.ExecuteAsync("ALTER TABLE deal_participants ENABLE TRIGGER primary_customer_is_deal_company");

        var report = await CheckAsync(database);

        Assert.Equal([PrimaryCustomerNotDealCompany], Problems(report));
        var finding = Finding(report, PrimaryCustomerNotDealCompany);
        Assert.Equal(1, finding.Count);
        Assert.Equal([$"{title} ({dealId}): primary customer Initech, company {company}"], finding.Examples);
    }

    [Fact]
    public async Task Activity_whose_company_is_not_its_deals_is_reported()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId);
        await session.ExecuteAsync("ALTER TABLE activities DISABLE TRIGGER agree_on_company");
        var activityId = await session.ScalarAsync<Guid>("SELECT id FROM activities WHERE deal_id IS NOT NULL ORDER BY id LIMIT 1");
        var initech = await session.ScalarAsync<Guid>("INSERT INTO companies (name) VALUES ('Initech') RETURNING id");
        await session.ExecuteAsync("UPDATE activities SET company_id = @c WHERE id = @a", ("c", initech), ("a", activityId));
        // On again, or "triggers missing or disabled" would report it too.
        await session.ExecuteAsync("ALTER TABLE activities ENABLE TRIGGER agree_on_company");

        var report = await CheckAsync(database);

        Assert.Equal([ActivitiesNotOfDealCompany], Problems(report));
        var finding = Finding(report, ActivitiesNotOfDealCompany);
        Assert.Equal(1, finding.Count);
        Assert.Contains($"({activityId}): company Initech, deal ", finding.Examples[0]);
    }

    [Fact]
    public async Task Live_deals_of_one_company_sharing_a_title_in_any_letter_case_are_reported_once()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId);
        var (globex, initech) = (await session.ScalarAsync<Guid>("INSERT INTO companies (name) VALUES ('Globex') RETURNING id"),
            await session.ScalarAsync<Guid>("INSERT INTO companies (name) VALUES ('Initech') RETURNING id"));
        var stage = await session.ScalarAsync<Guid>("SELECT id FROM pipeline_stages s WHERE position = 0 AND pipeline_id = (SELECT id FROM pipelines WHERE is_default)");
        foreach (var (title, company, deleted) in new[]
                 {
                     ("Annual renewal", globex, false), ("annual renewal", globex, false), ("Annual renewal", globex, true),
                     ("Annual renewal", initech, false),
                 })
            await session.ExecuteAsync("""
                INSERT INTO deals (title, pipeline_id, stage_id, company_id, value, currency, probability, rank, deleted_at)
                SELECT @title, pipeline_id, id, @company, 1, 'USD', 10, gen_random_uuid()::text, CASE WHEN @deleted THEN now() END
                FROM pipeline_stages WHERE id = @stage
                """, ("title", title), ("company", company), ("deleted", deleted), ("stage", stage));

        var report = await CheckAsync(database);

        Assert.Equal([DuplicateDealTitles], Problems(report));
        var finding = Finding(report, DuplicateDealTitles);
        Assert.Equal(1, finding.Count);
        Assert.Equal(["Annual renewal ×2 at Globex (acme-demo)"], finding.Examples);
        Assert.Equal([$"/companies/{globex}"], finding.Links);
    }

    [Fact]
    public async Task The_migration_gives_existing_deals_their_primary_customer_and_activities_their_company()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await PostgresCluster.MigrateAsync(database.OwnerConnectionString, "AuditLogCoveringIndexes");
        await using (var session = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId))
        {
            // As the demo was before the rule: deals with a company and no participant, activities with no company.
            await session.ExecuteAsync("DELETE FROM deal_participants WHERE role = 'customer'");
            Assert.NotEqual(0, await session.ExecuteAsync("UPDATE activities SET company_id = NULL"));
        }

        await PostgresCluster.MigrateAsync(database.OwnerConnectionString);

        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId);
        Assert.Equal(0L, await owner.CountAsync("""
            deals d WHERE d.company_id IS NOT NULL
              AND NOT EXISTS (SELECT FROM deal_participants p WHERE p.deal_id = d.id AND p.role = 'customer' AND p.is_primary AND p.company_id = d.company_id)
            """));
        // Left empty only where neither the deal nor the contact has a company (the demo's name-only contacts).
        Assert.Equal(0L, await owner.CountAsync("""
            activities a WHERE a.company_id IS NULL
              AND (EXISTS (SELECT FROM deals d WHERE d.id = a.deal_id AND d.company_id IS NOT NULL)
                   OR EXISTS (SELECT FROM contacts c WHERE c.id = a.contact_id AND c.company_id IS NOT NULL))
            """));
        Assert.True((await CheckAsync(database)).Ok);
    }

    private static async Task<(Guid Id, string Title)> AnyDealAsync(DbSession session)
    {
        var id = await session.ScalarAsync<Guid>("SELECT id FROM deals WHERE company_id IS NOT NULL ORDER BY id LIMIT 1");
        return (id, await session.ScalarAsync<string>("SELECT title FROM deals WHERE id = @d", ("d", id)));
    }
}
