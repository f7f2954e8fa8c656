namespace CrmBlazor.Setup;

/// <summary>The rules about deals, their participants and their activities agreeing on the company (issue 17).</summary>
public static partial class IntegrityCheck
{
    public const string PrimaryCustomerNotDealCompany = "primary customer differs from the deal's company";
    public const string ActivitiesNotOfDealCompany = "activities whose company differs from their deal's";
    public const string DuplicateDealTitles = "duplicate active deal titles";

    private static readonly (string Name, Scope Scope, string Sql)[] DealsChecks =
    [
        // deal_customer.sql refuses this at commit; found here when its triggers were off.
        (PrimaryCustomerNotDealCompany, Scope.Tenant, """
            SELECT format('%s (%s): primary customer %s, company %s', d.title, d.id, pc.name, coalesce(dc.name, 'none')) AS example,
                   '/deals/' || d.id AS link
            FROM deals d
            JOIN deal_participants p ON p.deal_id = d.id AND p.role = 'customer' AND p.is_primary
            JOIN companies pc ON pc.id = p.company_id
            LEFT JOIN companies dc ON dc.id = d.company_id
            WHERE d.deleted_at IS NULL AND p.company_id IS DISTINCT FROM d.company_id
            """),
        // Only the deal is compared: a contact who moved to another company rightly leaves their earlier
        // activities where they happened (activity_company.sql checks the contact when an activity is written).
        (ActivitiesNotOfDealCompany, Scope.Tenant, """
            SELECT format('%s (%s): company %s, deal %s of %s', a.subject, a.id, coalesce(ac.name, 'none'), d.title, dc.name) AS example,
                   '/deals/' || d.id AS link
            FROM activities a
            JOIN deals d ON d.id = a.deal_id
            JOIN companies dc ON dc.id = d.company_id
            LEFT JOIN companies ac ON ac.id = a.company_id
            WHERE a.deleted_at IS NULL AND d.deleted_at IS NULL AND a.company_id IS DISTINCT FROM d.company_id
            """),
        // Advice, not a constraint: two live deals of one company may rightly share a title (two "Annual renewal"
        // deals for two product lines), so the deal form warns and this reports; no unique index refuses it.
        // The company page lists its deals side by side.
        (DuplicateDealTitles, Scope.Tenant, """
            SELECT format('%s ×%s at %s (%s)', min(d.title), count(*), c.name, t.slug) AS example, '/companies/' || c.id AS link
            FROM deals d
            JOIN companies c ON c.id = d.company_id
            JOIN tenants t ON t.id = d.tenant_id
            WHERE d.deleted_at IS NULL
            GROUP BY t.id, t.slug, c.id, c.name, lower(d.title) HAVING count(*) > 1
            """),
    ];
}
