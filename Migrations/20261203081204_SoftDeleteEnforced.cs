using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Soft delete enforced (soft_delete.sql): crm_app may no longer DELETE or TRUNCATE contacts, companies, deals,
    /// activities or tenants; the trash's "Delete forever" goes through <c>crm_delete_forever</c> (active Owner only).
    /// </summary>
    public partial class SoftDeleteEnforced : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("soft_delete.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("soft_delete_down.sql"));
        }
    }
}
