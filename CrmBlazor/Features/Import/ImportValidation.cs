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
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private const string Owners = """
        owners AS (
            SELECT DISTINCT ON (key) key, id FROM (
                SELECT lower(email) AS key, id, 0 AS rank FROM users WHERE deleted_at IS NULL AND email IS NOT NULL
                UNION ALL SELECT lower(full_name), id, 1 FROM users WHERE deleted_at IS NULL) k
            ORDER BY key, rank, id),
        companies_by_name AS (
            SELECT DISTINCT ON (lower(name)) lower(name) AS key, id FROM companies WHERE deleted_at IS NULL ORDER BY lower(name), created_at),
        companies_by_domain AS (
            SELECT lower(domain) AS key, id FROM companies WHERE deleted_at IS NULL AND domain IS NOT NULL)
        """;

    private static string TagTooLong(ImportSql m) =>
        $"WHEN EXISTS (SELECT FROM {m.TagNames()} t WHERE length(t.name) > 100) THEN 'A tag name is longer than 100 characters.'";

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
                {TagTooLong(m)}
                WHEN {m.Value(Owner)} IS NOT NULL AND o.id IS NULL THEN 'No user of this workspace has the email or name “' || {m.Value(Owner)} || '”.'
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
                {TagTooLong(m)}
                WHEN {m.Value(Owner)} IS NOT NULL AND o.id IS NULL THEN 'No user of this workspace has the email or name “' || {m.Value(Owner)} || '”.'
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
}
