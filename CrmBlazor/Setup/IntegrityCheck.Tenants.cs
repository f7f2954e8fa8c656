namespace CrmBlazor.Setup;

// Tenants and their users (Sql/tenant_rules.sql, user_roles.sql, active_references.sql refuse these at
// commit or on write; the checks find what a load with triggers disabled left behind).
public static partial class IntegrityCheck
{
    public const string TenantsWithoutDefaultPipeline = "tenants without a default pipeline";
    public const string UsersWithoutOneRole = "users without exactly one role";
    public const string RowsOwnedByGoneUsers = "live rows owned by deleted or deactivated users";

    // The owner columns a live record keeps, and the page each record is seen on (an activity has none of its own).
    private static readonly (string Table, string Link)[] OwnedTables =
    [
        ("contacts", "'/contacts/' || child.id"),
        ("companies", "'/companies/' || child.id"),
        ("deals", "'/deals/' || child.id"),
        ("activities", "'/activities'"),
    ];

    private static readonly (string Name, Scope Scope, string Sql)[] TenantsChecks =
    [
        (TenantsWithoutDefaultPipeline, Scope.Tenant, """
            SELECT t.slug AS example, '/admin/pipelines' AS link FROM tenants t
            WHERE NOT EXISTS (SELECT 1 FROM pipelines p WHERE p.tenant_id = t.id AND p.is_default)
            """),
        // None, or several (ux_user_roles_user_id refuses a second; a dropped index would not).
        (UsersWithoutOneRole, Scope.Tenant, """
            SELECT format('%s: %s roles', u.email, count(ur.role_id)) AS example, '/admin/users' AS link
            FROM users u LEFT JOIN user_roles ur ON ur.user_id = u.id
            GROUP BY u.id, u.email HAVING count(ur.role_id) <> 1
            """),
        // Put right in Admin → Users: deactivating a user hands their records over.
        (RowsOwnedByGoneUsers, Scope.Tenant, string.Join("\nUNION ALL\n", OwnedTables.Select(o => $"""
            SELECT format('{o.Table} %s → %s user %s', child.id,
                          CASE WHEN owner.deleted_at IS NOT NULL THEN 'deleted' ELSE 'deactivated' END, owner.email) AS example,
                   {o.Link} AS link
            FROM {o.Table} child JOIN users owner ON owner.id = child.owner_id
            WHERE child.deleted_at IS NULL AND (owner.deleted_at IS NOT NULL OR NOT owner.is_active)
            """))),
    ];
}
