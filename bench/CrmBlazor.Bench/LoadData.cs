using CrmBlazor.Features.Deals.Moves;
using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// The reps of the load bench: one organization per <see cref="RepsPerTenant"/> reps (a sales team shares a
/// board; a board hears every move on its pipeline), each rep a Member who signs in with the demo password,
/// owns <see cref="DealsPerRep"/> deals in the first stage (it moves the first between the first two stages) and has a contact named "Rep N Quibblesworth" to
/// find with a typo. Rebuilt by the schema owner at the start of every run, triggers on (audit and search
/// see it as they would any write). The password hash is the demo Member's, so no hashing is needed here.
/// </summary>
public static class LoadData
{
    public const int RepsPerTenant = 10;
    public const int DealsPerRep = 3;
    public const int ContactsPerTenant = 200;

    public sealed record Rep(string Email, string Contact, Guid ContactId, Guid DealId);

    public static async Task<IReadOnlyList<Rep>> CreateAsync(NpgsqlDataSource owner, int reps)
    {
        await using var connection = await owner.OpenConnectionAsync();
        var hash = await ScalarAsync(connection, "select password_hash from users where normalized_email = 'MARIA.LOPEZ@CRM.LOCAL'") as string
            ?? throw new InvalidOperationException("The demo tenant is not seeded: the load bench signs its reps in with the demo password.");
        var all = new List<Rep>();
        for (var team = 0; team * RepsPerTenant < reps; team++)
            all.AddRange(await CreateTeamAsync(connection, team, Math.Min(RepsPerTenant, reps - team * RepsPerTenant), hash));
        await ExecuteAsync(connection, "vacuum analyze contacts");
        await ExecuteAsync(connection, "vacuum analyze deals");
        return all;
    }

    private static async Task<IReadOnlyList<Rep>> CreateTeamAsync(NpgsqlConnection connection, int team, int reps, string hash)
    {
        var slug = $"bench-load-{team + 1}";
        await using var transaction = await connection.BeginTransactionAsync();
        var tenant = await ScalarAsync(connection, "select id from tenants where slug = @s", ("s", slug)) as Guid? ?? Guid.NewGuid();
        await ActAsTenantAsync(connection, tenant);
        // A rerun starts from nothing: the deletes run with the tenant's rules and soft-delete guards off.
        foreach (var table in DeletedTables) await ExecuteAsync(connection, $"alter table {table} disable trigger user");
        await ExecuteAsync(connection, "delete from tenants where id = @t", ("t", tenant));
        await EnableTriggersAsync(connection, DeletedTables);
        await ExecuteAsync(connection, "insert into tenants (id, name, slug) values (@t, @n, @s)", ("t", tenant), ("n", $"Load team {team + 1}"), ("s", slug));
        await EnsureOwnerAndPipelineAsync(connection, tenant, slug);
        var first = (Guid)(await ScalarAsync(connection, """
            select s.id from pipeline_stages s join pipelines p on p.id = s.pipeline_id
            where p.tenant_id = @t and p.is_default order by s.position limit 1
            """, ("t", tenant)))!;
        var pipeline = (Guid)(await ScalarAsync(connection, "select pipeline_id from pipeline_stages where id = @s", ("s", first)))!;
        var ranks = DealRank.Spread(reps * DealsPerRep);
        var members = new List<Rep>();
        for (var r = 1; r <= reps; r++)
        {
            var email = $"rep{r}@{slug}.local";
            var user = await AddOwnerAsync(connection, tenant, $"Rep {r}", email);
            await ExecuteAsync(connection, """
                update users set password_hash = @h where id = @u;
                update user_roles set role_id = (select id from roles where name = 'Member') where user_id = @u;
                """, ("h", hash), ("u", user));
            await ExecuteAsync(connection, """
                insert into deals (tenant_id, pipeline_id, stage_id, title, value, currency, probability, rank, owner_id)
                select @t, @p, @s, 'Rep ' || @r || ' deal ' || i, 1000 * i, 'USD', 10, (@ranks)[(@r - 1) * @n + i], @u
                from generate_series(1, @n) i
                """, ("t", tenant), ("p", pipeline), ("s", first), ("r", r), ("n", DealsPerRep), ("ranks", ranks.ToArray()), ("u", user));
            var contact = $"Rep {r} Quibblesworth";
            var contactId = (Guid)(await ScalarAsync(connection,
                "insert into contacts (tenant_id, first_name, last_name, email, owner_id) values (@t, @f, 'Quibblesworth', @e, @u) returning id",
                ("t", tenant), ("f", $"Rep {r}"), ("e", $"quibblesworth{r}@{slug}.example"), ("u", user)))!;
            var deal = (Guid)(await ScalarAsync(connection, "select id from deals where owner_id = @u order by rank limit 1", ("u", user)))!;
            members.Add(new(email, contact, contactId, deal));
        }
        await ExecuteAsync(connection, """
            insert into contacts (tenant_id, first_name, last_name, email)
            select @t, (array['Ava','Noah','Mia','Liam','Zoe','Ines','Jonas','Lea','Omar','Sara'])[1 + i % 10], 'Customer ' || i, 'customer' || i || '@' || @s || '.example'
            from generate_series(1, @n) i
            """, ("t", tenant), ("s", slug), ("n", ContactsPerTenant - reps));
        await transaction.CommitAsync();
        return members;
    }

    // The rules a delete of a whole tenant would trip (its last Owner, its default pipeline, soft delete only).
    private static readonly string[] DeletedTables =
        ["tenants", "users", "user_roles", "pipelines", "pipeline_stages", "deals", "contacts", "activities", "audit_logs"];
}
