using static CrmBlazor.Features.Import.ImportFields;

namespace CrmBlazor.Features.Import;

/// <summary>
/// The review's checks as one UPDATE of a job's staging rows (parameters @job, @policy, @create_companies,
/// @every_tags): each row gets the first problem found (keeping one reading found), the owner and company it
/// refers to, the live record it matches, and whether it repeats an earlier row of the file. Lookups
/// are joins against each table's distinct keys, so a million rows cost a few hash joins, not a
/// million index probes.
/// </summary>
public static class ImportValidation
{
    public static string Sql(ImportKind kind) => kind switch
    {
        ImportKind.Contacts => Contacts(new ImportSql(kind)),
        ImportKind.Companies => Companies(new ImportSql(kind)),
        ImportKind.Deals => Deals(new ImportSql(kind)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // Only users who can sign in own records: the database refuses a deactivated one (active_references.sql).
    private const string Owners = """
        owners AS (
            SELECT DISTINCT ON (key) key, id FROM (
                SELECT lower(email) AS key, id, 0 AS rank FROM users WHERE deleted_at IS NULL AND is_active AND email IS NOT NULL
                UNION ALL SELECT lower(full_name), id, 1 FROM users WHERE deleted_at IS NULL AND is_active) k
            ORDER BY key, rank, id),
        companies_by_name AS (
            SELECT DISTINCT ON (lower(name)) lower(name) AS key, id FROM companies WHERE deleted_at IS NULL ORDER BY lower(name), created_at),
        companies_by_domain AS (
            SELECT lower(domain) AS key, id FROM companies WHERE deleted_at IS NULL AND domain IS NOT NULL)
        """;

    private static string TagTooLong(ImportSql m) =>
        $"WHEN EXISTS (SELECT FROM {m.TagNames()} t WHERE length(t.name) > 100) THEN 'A tag name is longer than 100 characters.'";

    private static string BadPhone(ImportSql m) =>
        $"WHEN {m.Value(Phone)} !~ {ImportSql.PhonePattern} THEN '“' || {m.Value(Phone)} || '” is not a phone number: use digits, spaces and + ( ) - . only, and at least three digits.'";

    private static string Contacts(ImportSql m) => $"""
        WITH {Owners},
        firsts AS (
            SELECT s.row_number, min(s.row_number) OVER (PARTITION BY lower({m.Value(Email)})) AS first_row
            FROM import_rows s WHERE s.job_id = @job AND {m.Value(Email)} IS NOT NULL AND s.problem IS NULL)
        UPDATE import_rows r SET
            owner_id = o.id,
            company_id = coalesce(cd.id, cn.id),
            existing_id = e.id,
            duplicate = coalesce(f.first_row < s.row_number, false),
            problem = coalesce(s.problem, CASE
                WHEN {m.Value(FirstName)} IS NULL AND {m.Value(LastName)} IS NULL
                    THEN 'This row has no name: it needs a first name, a last name or a full name.'{m.TooLongBranches()}
                WHEN {m.Value(Email)} !~ {ImportSql.EmailPattern} THEN '“' || {m.Value(Email)} || '” is not a valid email address.'
                {BadPhone(m)}
                {TagTooLong(m)}
                WHEN {m.Value(Owner)} IS NOT NULL AND o.id IS NULL THEN 'No active user of this workspace has the email or name “' || {m.Value(Owner)} || '”.'
                WHEN {m.Value(CompanyDomain)} IS NOT NULL AND {m.Value(CompanyDomain)} !~ {ImportSql.DomainPattern}
                    THEN '“' || {m.Value(CompanyDomain)} || '” is not a valid company domain.'
                WHEN coalesce({m.Value(CompanyName)}, {m.Value(CompanyDomain)}) IS NOT NULL AND cd.id IS NULL AND cn.id IS NULL AND NOT @create_companies
                    THEN 'There is no company “' || coalesce({m.Value(CompanyName)}, {m.Value(CompanyDomain)}) || '”, and creating missing companies is off.'
                WHEN f.first_row < s.row_number
                    THEN 'Same email as row ' || f.first_row || ' (emails are compared ignoring upper and lower case).'
                WHEN e.id IS NOT NULL AND @policy = 'CreateAnyway'
                    THEN 'A contact with this email already exists, and no two contacts may share an email: choose Skip or Update for existing records.'
            END)
        FROM import_rows s
        LEFT JOIN firsts f ON f.row_number = s.row_number
        LEFT JOIN owners o ON o.key = lower({m.Value(Owner)})
        LEFT JOIN companies_by_domain cd ON cd.key = {m.Value(CompanyDomain)}
        LEFT JOIN companies_by_name cn ON cn.key = lower({m.Value(CompanyName)}) AND {m.Value(CompanyDomain)} IS NULL
        LEFT JOIN contacts e ON lower(e.email) = lower({m.Value(Email)}) AND e.deleted_at IS NULL
        WHERE r.job_id = @job AND s.job_id = @job AND r.row_number = s.row_number
        """;

    private static string Companies(ImportSql m) => $"""
        WITH {Owners},
        firsts AS (
            SELECT s.row_number, min(s.row_number) OVER (PARTITION BY coalesce({m.Value(Domain)}, lower({m.Value(Name)}))) AS first_row
            FROM import_rows s WHERE s.job_id = @job AND s.problem IS NULL AND coalesce({m.Value(Domain)}, {m.Value(Name)}) IS NOT NULL)
        UPDATE import_rows r SET
            owner_id = o.id,
            existing_id = coalesce(cd.id, cn.id),
            duplicate = coalesce(f.first_row < s.row_number, false),
            problem = coalesce(s.problem, CASE
                WHEN {m.Value(Name)} IS NULL THEN 'This row has no company name.'{m.TooLongBranches()}
                WHEN {m.Value(Domain)} !~ {ImportSql.DomainPattern} THEN '“' || {m.Value(Domain)} || '” is not a valid domain.'
                {BadPhone(m)}
                {TagTooLong(m)}
                WHEN {m.Value(Owner)} IS NOT NULL AND o.id IS NULL THEN 'No active user of this workspace has the email or name “' || {m.Value(Owner)} || '”.'
                WHEN f.first_row < s.row_number AND {m.Value(Domain)} IS NOT NULL
                    THEN 'Same domain as row ' || f.first_row || ' (domains are compared ignoring upper and lower case).'
                WHEN f.first_row < s.row_number THEN 'Same company name as row ' || f.first_row || '.'
                WHEN cd.id IS NOT NULL AND @policy = 'CreateAnyway'
                    THEN 'A company with this domain already exists, and no two companies may share a domain: choose Skip or Update for existing records.'
            END)
        FROM import_rows s
        LEFT JOIN firsts f ON f.row_number = s.row_number
        LEFT JOIN owners o ON o.key = lower({m.Value(Owner)})
        LEFT JOIN companies_by_domain cd ON cd.key = {m.Value(Domain)}
        LEFT JOIN companies_by_name cn ON cn.key = lower({m.Value(Name)}) AND {m.Value(Domain)} IS NULL
        WHERE r.job_id = @job AND s.job_id = @job AND r.row_number = s.row_number
        """;

    /// <summary>
    /// Deals: the pipeline by name (else the default one) and the stage by name within it (else its
    /// first open stage); the contact by email; the company by name, or the contact's company when the
    /// row names none. An existing deal is a live one with the same title (in any case) at the same
    /// company (or at none).
    /// </summary>
    private static string Deals(ImportSql m) => $"""
        WITH {Owners},
        default_pipeline AS (SELECT id, name FROM pipelines WHERE is_default LIMIT 1),
        pipelines_by_name AS (
            SELECT DISTINCT ON (lower(name)) lower(name) AS key, id, name FROM pipelines ORDER BY lower(name), created_at),
        stages_by_name AS (
            SELECT DISTINCT ON (pipeline_id, lower(name)) pipeline_id, lower(name) AS key, id, kind, name
            FROM pipeline_stages ORDER BY pipeline_id, lower(name), position),
        first_open_stages AS (
            SELECT DISTINCT ON (pipeline_id) pipeline_id, id, kind, name FROM pipeline_stages WHERE kind = 'open' ORDER BY pipeline_id, position),
        contacts_by_email AS (
            SELECT DISTINCT ON (lower(email)) lower(email) AS key, id, company_id FROM contacts
            WHERE deleted_at IS NULL AND email IS NOT NULL ORDER BY lower(email), created_at),
        deals_by_title AS (
            SELECT DISTINCT ON (lower(title), company_id) lower(title) AS key, coalesce(company_id, '00000000-0000-0000-0000-000000000000') AS company_key, id
            FROM deals WHERE deleted_at IS NULL ORDER BY lower(title), company_id, created_at),
        firsts AS (
            SELECT s.row_number, min(s.row_number) OVER (PARTITION BY lower({m.Value(Title)}), lower(coalesce({m.Value(CompanyName)}, ''))) AS first_row
            FROM import_rows s WHERE s.job_id = @job AND s.problem IS NULL AND {m.Value(Title)} IS NOT NULL),
        resolved AS (
            SELECT s.row_number, o.id AS owner_id, ce.id AS contact_id, ce.company_id AS contact_company_id, cn.id AS named_company_id,
                   coalesce(cn.id, CASE WHEN {m.Value(CompanyName)} IS NULL THEN ce.company_id END) AS company_id,
                   coalesce(pn.id, CASE WHEN {m.Value(Pipeline)} IS NULL THEN dp.id END) AS pipeline_id,
                   coalesce(pn.name, dp.name) AS pipeline_name,
                   CASE WHEN {m.Value(Stage)} IS NULL THEN fo.id ELSE sn.id END AS stage_id,
                   CASE WHEN {m.Value(Stage)} IS NULL THEN fo.kind ELSE sn.kind END AS stage_kind,
                   sn.name AS stage_name, f.first_row
            FROM import_rows s
            LEFT JOIN default_pipeline dp ON true
            LEFT JOIN pipelines_by_name pn ON pn.key = lower({m.Value(Pipeline)})
            LEFT JOIN stages_by_name sn ON sn.pipeline_id = coalesce(pn.id, dp.id) AND sn.key = lower({m.Value(Stage)})
            LEFT JOIN first_open_stages fo ON fo.pipeline_id = coalesce(pn.id, dp.id)
            LEFT JOIN owners o ON o.key = lower({m.Value(Owner)})
            LEFT JOIN contacts_by_email ce ON ce.key = lower({m.Value(ContactEmail)})
            LEFT JOIN companies_by_name cn ON cn.key = lower({m.Value(CompanyName)})
            LEFT JOIN firsts f ON f.row_number = s.row_number
            WHERE s.job_id = @job)
        UPDATE import_rows r SET
            owner_id = v.owner_id,
            contact_id = v.contact_id,
            company_id = v.company_id,
            pipeline_id = v.pipeline_id,
            stage_id = v.stage_id,
            existing_id = e.id,
            duplicate = coalesce(v.first_row < s.row_number, false),
            problem = coalesce(s.problem, CASE
                WHEN {m.Value(Title)} IS NULL THEN 'This row has no deal title.'{m.TooLongBranches()}
                WHEN {m.Value(Currency)} !~ '^[A-Z]{"{3}"}$' THEN '“' || {m.Value(Currency)} || '” is not a currency code: write three letters, like EUR or USD.'
                WHEN {m.Value(Currency)} IS NOT NULL AND NOT EXISTS (SELECT FROM currencies c WHERE c.code = {m.Value(Currency)}) THEN '“' || {m.Value(Currency)} || '” is not an ISO 4217 currency, like EUR or USD.'
                {TagTooLong(m)}
                WHEN {m.Value(Owner)} IS NOT NULL AND v.owner_id IS NULL THEN 'No active user of this workspace has the email or name “' || {m.Value(Owner)} || '”.'
                WHEN v.pipeline_id IS NULL THEN 'There is no pipeline “' || {m.Value(Pipeline)} || '”.'
                WHEN {m.Value(Stage)} IS NOT NULL AND v.stage_id IS NULL
                    THEN 'The pipeline “' || v.pipeline_name || '” has no stage “' || {m.Value(Stage)} || '”.'
                WHEN v.stage_id IS NULL THEN 'The pipeline “' || v.pipeline_name || '” has no open stage; name the stage in the file.'
                WHEN v.stage_kind = 'lost' AND {m.Value(LostReason)} IS NULL
                    THEN 'A deal in the lost stage “' || v.stage_name || '” needs a lost reason.'
                WHEN {m.Value(ContactEmail)} IS NOT NULL AND v.contact_id IS NULL THEN 'No contact has the email “' || {m.Value(ContactEmail)} || '”.'
                WHEN {m.Value(CompanyName)} IS NOT NULL AND v.named_company_id IS NULL AND NOT @create_companies
                    THEN 'There is no company “' || {m.Value(CompanyName)} || '”, and creating missing companies is off.'
                WHEN v.contact_id IS NOT NULL AND {m.Value(CompanyName)} IS NOT NULL AND v.contact_company_id IS DISTINCT FROM v.named_company_id
                    THEN 'The contact “' || {m.Value(ContactEmail)} || '” does not work at “' || {m.Value(CompanyName)} || '”: a deal''s contact must work at its company.'
                WHEN v.first_row < s.row_number THEN 'Same title and company as row ' || v.first_row || '.'
            END)
        FROM import_rows s
        JOIN resolved v ON v.row_number = s.row_number
        LEFT JOIN deals_by_title e ON e.key = lower({m.Value(Title)})
            AND e.company_key = coalesce(v.company_id, '00000000-0000-0000-0000-000000000000')
        WHERE r.job_id = @job AND s.job_id = @job AND r.row_number = s.row_number
        """;
}
