using static CrmBlazor.Features.Import.ImportFields;

namespace CrmBlazor.Features.Import;

/// <summary>
/// The write phase's statements, run in one transaction as the acting user (row-level security,
/// constraints, stamps, audit and search triggers all apply). Parameters: @job, @policy,
/// @every_tags; the per-batch statements also @from and @to (staging row numbers, inclusive).
/// </summary>
public sealed class ImportWriteSql(ImportKind kind)
{
    private readonly ImportSql m = new(kind);

    /// <summary>The color a tag made in the Tags page starts with.</summary>
    private static readonly string NewTagColor = new Data.Entities.Tag().Color;

    /// <summary>The staging rows the job writes: valid, and not skipped as an existing record.</summary>
    private const string Written = "s.job_id = @job AND s.problem IS NULL AND (s.existing_id IS NULL OR @policy <> 'Skip')";
    private const string InBatch = "s.row_number BETWEEN @from AND @to";
    private const string Creates = "(s.existing_id IS NULL OR @policy = 'CreateAnyway')";
    private const string Updates = "s.existing_id IS NOT NULL AND @policy = 'Update'";

    /// <summary>Creates the tags the written rows name that do not exist yet, noting them for undo.</summary>
    public string CreateTags => $"""
        WITH wanted AS (
            SELECT DISTINCT ON (lower(t.name)) t.name FROM import_rows s CROSS JOIN LATERAL {m.TagNames()} t
            WHERE {Written} AND length(t.name) <= 100 ORDER BY lower(t.name), t.name),
        created AS (
            INSERT INTO tags (name, color) SELECT w.name, '{NewTagColor}' FROM wanted w WHERE NOT EXISTS (SELECT FROM tags t WHERE lower(t.name) = lower(w.name))
            RETURNING id)
        INSERT INTO import_created_records (job_id, table_name, record_id) SELECT @job, 'tags', id FROM created
        """;

    /// <summary>Contacts only: creates the companies the written rows name that do not exist, and points the rows at them.</summary>
    public string CreateCompanies => $"""
        WITH wanted AS (
            SELECT DISTINCT ON (coalesce(domain, lower(name))) name, domain FROM (
                SELECT coalesce({m.Value(CompanyName)}, {m.Value(CompanyDomain)}) AS name, {m.Value(CompanyDomain)} AS domain
                FROM import_rows s WHERE {Written} AND s.company_id IS NULL
                  AND coalesce({m.Value(CompanyName)}, {m.Value(CompanyDomain)}) IS NOT NULL) named
            ORDER BY coalesce(domain, lower(name)), name),
        created AS (
            INSERT INTO companies (name, domain) SELECT name, domain FROM wanted RETURNING id, lower(name) AS name_key, domain),
        noted AS (
            INSERT INTO import_created_records (job_id, table_name, record_id) SELECT @job, 'companies', id FROM created)
        UPDATE import_rows s SET company_id = c.id FROM created c
        WHERE {Written} AND s.company_id IS NULL
          AND (c.domain = {m.Value(CompanyDomain)} OR ({m.Value(CompanyDomain)} IS NULL AND c.name_key = lower({m.Value(CompanyName)})))
        """;

    /// <summary>One batch: new records, the previous values of records about to be updated, the updates, the tag links.</summary>
    public IEnumerable<string> Batch()
    {
        yield return kind switch
        {
            ImportKind.Contacts => $"""
                INSERT INTO contacts (id, first_name, last_name, email, phone, job_title, notes, company_id, owner_id)
                SELECT s.record_id, {m.Value(FirstName)}, {m.Value(LastName)}, {m.Value(Email)}, {m.Value(Phone)}, {m.Value(JobTitle)},
                       {m.Value(Notes)}, s.company_id, s.owner_id
                FROM import_rows s WHERE {Written} AND {InBatch} AND {Creates}
                """,
            _ => $"""
                INSERT INTO companies (id, name, domain, website, industry, phone, address_line, city, region, postal_code, country, owner_id)
                SELECT s.record_id, {m.Value(Name)}, {m.Value(Domain)}, {m.Value(Website)}, {m.Value(Industry)}, {m.Value(Phone)},
                       {m.Value(AddressLine)}, {m.Value(City)}, {m.Value(Region)}, {m.Value(PostalCode)}, {m.Value(Country)}, s.owner_id
                FROM import_rows s WHERE {Written} AND {InBatch} AND {Creates}
                """,
        };
        var table = Table(kind);
        yield return $"""
            UPDATE import_rows s SET previous = to_jsonb(t) FROM {table} t
            WHERE {Written} AND {InBatch} AND {Updates} AND t.id = s.existing_id
            """;
        // An update fills what the file gives and keeps what it leaves empty.
        yield return kind switch
        {
            ImportKind.Contacts => $"""
                UPDATE contacts t SET first_name = coalesce({m.Value(FirstName)}, t.first_name), last_name = coalesce({m.Value(LastName)}, t.last_name),
                    phone = coalesce({m.Value(Phone)}, t.phone), job_title = coalesce({m.Value(JobTitle)}, t.job_title),
                    notes = coalesce({m.Value(Notes)}, t.notes), company_id = coalesce(s.company_id, t.company_id), owner_id = coalesce(s.owner_id, t.owner_id)
                FROM import_rows s WHERE {Written} AND {InBatch} AND {Updates} AND t.id = s.existing_id
                """,
            _ => $"""
                UPDATE companies t SET name = coalesce({m.Value(Name)}, t.name), website = coalesce({m.Value(Website)}, t.website),
                    industry = coalesce({m.Value(Industry)}, t.industry), phone = coalesce({m.Value(Phone)}, t.phone),
                    address_line = coalesce({m.Value(AddressLine)}, t.address_line), city = coalesce({m.Value(City)}, t.city),
                    region = coalesce({m.Value(Region)}, t.region), postal_code = coalesce({m.Value(PostalCode)}, t.postal_code),
                    country = coalesce({m.Value(Country)}, t.country), owner_id = coalesce(s.owner_id, t.owner_id)
                FROM import_rows s WHERE {Written} AND {InBatch} AND {Updates} AND t.id = s.existing_id
                """,
        };
        var (links, key) = kind == ImportKind.Contacts ? ("contact_tags", "contact_id") : ("company_tags", "company_id");
        yield return $"""
            INSERT INTO {links} ({key}, tag_id)
            SELECT DISTINCT {ImportSql.Target}, t.id FROM import_rows s CROSS JOIN LATERAL {m.TagNames()} n
            JOIN tags t ON lower(t.name) = lower(n.name)
            WHERE {Written} AND {InBatch}
            ON CONFLICT DO NOTHING
            """;
    }

    /// <summary>How many rows ended each way.</summary>
    public const string Counts = $"SELECT {ImportSql.Outcome} AS outcome, count(*) FROM import_rows s WHERE s.job_id = @job GROUP BY 1";

    public static string Table(ImportKind kind) => kind == ImportKind.Contacts ? "contacts" : "companies";
}
