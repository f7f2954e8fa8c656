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

    /// <summary>Contacts and deals: creates the companies the written rows name that do not exist, and points the rows at them.</summary>
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

    /// <summary>
    /// One batch's new records and their tag links: written under the job (app.import_job set), so
    /// they are audited and indexed as the job's set (import_bulk_writes.sql).
    /// </summary>
    public IEnumerable<string> CreateBatch()
    {
        yield return kind switch
        {
            ImportKind.Contacts => $"""
                INSERT INTO contacts (id, first_name, last_name, email, phone, job_title, notes, company_id, owner_id)
                SELECT s.record_id, {m.Value(FirstName)}, {m.Value(LastName)}, {m.Value(Email)}, {m.Value(Phone)}, {m.Value(JobTitle)},
                       {m.Value(Notes)}, s.company_id, s.owner_id
                FROM import_rows s WHERE {Written} AND {InBatch} AND {Creates}
                """,
            ImportKind.Companies => $"""
                INSERT INTO companies (id, name, domain, website, industry, phone, address_line, city, region, postal_code, country, owner_id)
                SELECT s.record_id, {m.Value(Name)}, {m.Value(Domain)}, {m.Value(Website)}, {m.Value(Industry)}, {m.Value(Phone)},
                       {m.Value(AddressLine)}, {m.Value(City)}, {m.Value(Region)}, {m.Value(PostalCode)}, {m.Value(Country)}, s.owner_id
                FROM import_rows s WHERE {Written} AND {InBatch} AND {Creates}
                """,
            // A deal goes to the bottom of its stage, in file order (DealPlaces); a won or lost stage closes it, as on the board.
            _ => $"""
                INSERT INTO deals (id, title, pipeline_id, stage_id, contact_id, company_id, owner_id, value, currency, probability,
                                   expected_close_date, closed_at, lost_reason, rank)
                SELECT s.record_id, {m.Value(Title)}, s.pipeline_id, s.stage_id, s.contact_id, s.company_id, s.owner_id,
                       coalesce({m.Value(Value)}::numeric, 0), coalesce({m.Value(Currency)}, p.currency),
                       coalesce({m.Value(Probability)}::integer, st.probability), {m.Value(ExpectedCloseDate)}::date,
                       CASE WHEN st.kind <> 'open' THEN now() END, CASE WHEN st.kind = 'lost' THEN {m.Value(LostReason)} END,
                       coalesce(p.last_rank, '') || {RankDigits("s.row_number")} || 'i'
                FROM import_rows s
                JOIN pipeline_stages st ON st.id = s.stage_id
                JOIN import_deal_places p ON p.stage_id = s.stage_id
                WHERE {Written} AND {InBatch} AND {Creates}
                """,
        };
        // A deal at a company has that company as its primary customer (what `db check` expects of every deal).
        if (kind == ImportKind.Deals)
            yield return $"""
                INSERT INTO deal_participants (deal_id, company_id, role, is_primary)
                SELECT s.record_id, s.company_id, 'customer', true FROM import_rows s
                WHERE {Written} AND {InBatch} AND {Creates} AND s.company_id IS NOT NULL
                """;
        yield return TagLinks("s.record_id", Creates);
    }

    /// <summary>One batch's updates of existing records: their previous values (for undo), the updates, their new tag links; audited row by row.</summary>
    public IEnumerable<string> UpdateBatch()
    {
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
            ImportKind.Deals => $"""
                UPDATE deals t SET value = coalesce({m.Value(Value)}::numeric, t.value), currency = coalesce({m.Value(Currency)}, t.currency),
                    probability = coalesce({m.Value(Probability)}::integer, t.probability),
                    expected_close_date = coalesce({m.Value(ExpectedCloseDate)}::date, t.expected_close_date), owner_id = coalesce(s.owner_id, t.owner_id)
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
        // The tags it did not have yet are noted on the staging row, so undo takes off exactly those.
        var (links, key) = TagLinkTable(kind);
        yield return $"""
            WITH added AS ({TagLinks("s.existing_id", Updates)} RETURNING {key} AS record_id, tag_id),
            by_record AS (SELECT record_id, array_agg(tag_id) AS tag_ids FROM added GROUP BY record_id)
            UPDATE import_rows s SET added_tag_ids = b.tag_ids FROM by_record b
            WHERE {Written} AND {InBatch} AND {Updates} AND s.existing_id = b.record_id
            """;
    }

    /// <summary>The tag link table of a kind and its record column.</summary>
    public static (string Table, string RecordColumn) TagLinkTable(ImportKind kind) => kind switch
    {
        ImportKind.Contacts => ("contact_tags", "contact_id"),
        ImportKind.Companies => ("company_tags", "company_id"),
        _ => ("deal_tags", "deal_id"),
    };

    private string TagLinks(string record, string which)
    {
        var (links, key) = TagLinkTable(kind);
        return $"""
            INSERT INTO {links} ({key}, tag_id)
            SELECT DISTINCT {record}, t.id FROM import_rows s CROSS JOIN LATERAL {m.TagNames()} n
            JOIN tags t ON lower(t.name) = lower(n.name)
            WHERE {Written} AND {InBatch} AND {which}
            ON CONFLICT DO NOTHING
            """;
    }

    /// <summary>How many rows ended each way.</summary>
    public const string Counts = $"SELECT {ImportSql.Outcome} AS outcome, count(*) FROM import_rows s WHERE s.job_id = @job GROUP BY 1";

    public static string Table(ImportKind kind) => kind.Key();

    /// <summary>
    /// Deals only, once before the batches: each stage's last live rank, and the currency a deal without
    /// one gets (the tenant's most used, else USD). A new deal's rank is its stage's last rank followed
    /// by its staging row number in four base-36 digits (36^4 is more than the 1,000,000 rows a file may
    /// have) and a final 'i' (a rank never ends in '0'): below every deal there, in file order.
    /// </summary>
    public const string DealPlaces = """
        CREATE TEMP TABLE import_deal_places ON COMMIT DROP AS
        SELECT st.id AS stage_id,
               (SELECT max(d.rank) FROM deals d WHERE d.stage_id = st.id AND d.deleted_at IS NULL) AS last_rank,
               coalesce((SELECT d.currency FROM deals d GROUP BY d.currency ORDER BY count(*) DESC, d.currency LIMIT 1), 'USD') AS currency
        FROM pipeline_stages st
        """;

    private static string RankDigits(string number)
    {
        const string digits = "'0123456789abcdefghijklmnopqrstuvwxyz'";
        return string.Join(" || ", new[] { 46656, 1296, 36, 1 }.Select(place => $"substr({digits}, {number} / {place} % 36 + 1, 1)"));
    }
}
