using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// The last-Owner rule under concurrency: the commit-time owner check takes a per-tenant advisory lock
    /// before counting, so two Owners demoting each other at once cannot both commit (tenant_rules.sql;
    /// TenantRules' version is in Superseded/TenantRules_tenant_rules.sql). No model change.
    /// </summary>
    public partial class LastOwnerLock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("tenant_rules_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("tenant_rules.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("tenant_rules_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/TenantRules_tenant_rules.sql"));
        }
    }
}
