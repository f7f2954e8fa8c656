using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// A tenant with a million contacts (plus companies and tags), generated once by the schema owner
/// in SQL and kept for later runs. The audit, rule and tally triggers are off for the load (inside the same
/// transaction, so nothing else writes unaudited meanwhile): this is generated test data, not history, and
/// the load says so in the audit log (a bulk.load event). The tenant gets an Owner and a default pipeline too.
/// </summary>
public static class ContactsData
{
    public const int ContactsPerTenant = 1_000_000;
    private const int Companies = 5_000;
    private static readonly string[] TriggersOff = ["tenants", "companies", "tags", "contacts", "contact_tags"];

    public static readonly string[] FirstNames =
    [
        "Ada", "Alan", "Amara", "Anna", "Ben", "Carla", "Chen", "Clara", "Dario", "David", "Elena", "Emil", "Emma", "Farah", "Felix",
        "Grace", "Hana", "Hugo", "Ines", "Ivan", "Jonas", "Julia", "Kai", "Kenji", "Lara", "Leo", "Lina", "Luca", "Maja", "Marco",
        "Maria", "Mateo", "Mia", "Nadia", "Nils", "Noah", "Nora", "Olga", "Omar", "Paula", "Pedro", "Priya", "Rafael", "Rosa", "Sami",
        "Sara", "Sofia", "Tariq", "Theo", "Uma", "Vera", "Victor", "Wei", "Yara", "Yusuf", "Zoe", "Liam", "Ava", "Ethan", "Ingrid",
    ];

    /// <summary>400 surnames built from syllables, so a search fragment matches a realistic few thousand people.</summary>
    public static readonly string[] Surnames =
        (from a in new[] { "Ber", "Kal", "Mor", "Vas", "Lin", "Dub", "Ost", "Fen", "Gar", "Hol", "Rin", "Tor", "Wal", "Sel", "Pav", "Nak", "Quin", "Ros", "Zel", "Amb" }
         from b in new[] { "ander", "ovski", "mann", "ström", "elli", "ington", "berg", "ez", "ova", "hardt", "quist", "etti", "wood", "ani", "ford", "sen", "ard", "ino", "aki", "ley" }
         select a + b).ToArray();

    /// <param name="contacts">How many contacts; fewer than a million only for a quick check of a harness (--small).</param>
    public static async Task<Guid> EnsureTenantAsync(NpgsqlDataSource owner, string slug, string name, int contacts = ContactsPerTenant)
    {
        await using var connection = await owner.OpenConnectionAsync();
        var existing = await ScalarAsync(connection, "select id from tenants where slug = @s", ("s", slug));
        if (existing is Guid id && await ScalarAsync(connection, "select count(*) from contacts where tenant_id = @t", ("t", id)) is long n && n >= contacts)
            return id;
        id = existing as Guid? ?? Guid.NewGuid();
        Console.Error.WriteLine($"Generating {contacts:N0} contacts for {name} (once; kept for later runs)...");

        await using var transaction = await connection.BeginTransactionAsync();
        await ActAsTenantAsync(connection, id);
        foreach (var table in TriggersOff)
            await ExecuteAsync(connection, $"alter table {table} disable trigger user");
        if (existing is null)
            await ExecuteAsync(connection, "insert into tenants (id, name, slug) values (@t, @n, @s)", ("t", id), ("n", name), ("s", slug));
        await ExecuteAsync(connection, "delete from contacts where tenant_id = @t", ("t", id));
        await ExecuteAsync(connection, "delete from companies where tenant_id = @t", ("t", id));
        await ExecuteAsync(connection, "delete from tags where tenant_id = @t", ("t", id));
        await ExecuteAsync(connection, """
            insert into companies (tenant_id, name, domain)
            select @t, 'Company ' || i, 'company' || i || '.example' from generate_series(1, @n) i
            """, ("t", id), ("n", Companies));
        await ExecuteAsync(connection, "insert into tags (tenant_id, name, color) select @t, 'Tag ' || i, '#336699' from generate_series(1, 20) i", ("t", id));
        await ExecuteAsync(connection, """
            with co as (select array_agg(id order by name) as ids from companies where tenant_id = @t)
            insert into contacts (tenant_id, first_name, last_name, email, phone, company_id)
            select @t, (@first)[1 + i % cardinality(@first)], (@last)[1 + (i * 7) % cardinality(@last)],
                   'person' || i || '@company' || (1 + i % @companies) || '.example', '+1 555 ' || lpad(i::text, 7, '0'),
                   co.ids[1 + i % @companies]
            from generate_series(1, @n) i, co
            """, ("t", id), ("first", FirstNames), ("last", Surnames), ("companies", Companies), ("n", contacts));
        await ExecuteAsync(connection, """
            insert into contact_tags (tenant_id, contact_id, tag_id)
            select @t, c.id, (select t.id from tags t where t.tenant_id = @t order by t.name limit 1 offset (abs(hashtext(c.id::text)) % 20))
            from contacts c where c.tenant_id = @t and abs(hashtext(c.id::text)) % 10 = 0
            """, ("t", id));
        await EnableTriggersAsync(connection, TriggersOff);
        await EnsureOwnerAndPipelineAsync(connection, id, slug);
        await RecordBulkLoadAsync(connection, TriggersOff, $"bench: {contacts:N0} generated contacts");
        // The tally and search triggers were off too: rebuild what they would have kept.
        await ExecuteAsync(connection, "select crm_recount_contacts(@t)", ("t", id));
        await ExecuteAsync(connection, "select crm_rebuild_search(@t)", ("t", id));
        await transaction.CommitAsync();
        await ExecuteAsync(connection, "vacuum analyze contacts");
        await ExecuteAsync(connection, "vacuum analyze companies");
        await ExecuteAsync(connection, "vacuum analyze contact_tags");
        return id;
    }
}
