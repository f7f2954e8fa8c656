using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Tenants and users that hold together: every tenant keeps an active Owner and a default pipeline from
    /// the transaction that creates it (tenant_rules.sql, replacing Schema's rules, which skipped tenants with
    /// no users or no pipelines); every user holds exactly one role (user_roles.sql and EF's
    /// <c>ux_user_roles_user_id</c>; existing users put right first); owners may not be deleted or
    /// deactivated users (active_references.sql, replacing Schema's crm_assert_active_references).
    /// </summary>
    public partial class TenantRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("Superseded/Schema_active_references_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/Schema_tenant_rules_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("active_references.sql"));
            // The rules as they were then; LastOwnerLock replaced them with tenant_rules.sql.
            migrationBuilder.Sql(SqlScripts.Read("Superseded/TenantRules_tenant_rules.sql"));
            migrationBuilder.Sql(SqlScripts.Read("user_roles.sql"));

            migrationBuilder.CreateIndex(
                name: "ux_user_roles_user_id",
                table: "user_roles",
                column: "user_id",
                unique: true);
            // user_roles.sql may have removed and added rows.
            migrationBuilder.Sql("ANALYZE user_roles;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_user_roles_user_id",
                table: "user_roles");

            migrationBuilder.Sql(SqlScripts.Read("user_roles_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("tenant_rules_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("active_references_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/Schema_tenant_rules.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/Schema_active_references.sql"));
        }
    }
}
