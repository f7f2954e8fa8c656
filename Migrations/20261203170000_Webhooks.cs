using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Webhooks through a transactional outbox (webhooks.sql): the endpoints, the outbox and the deliveries
    /// (tenant tables, raw SQL: not in the EF model), the triggers on contacts, companies, deals and activities
    /// that write the events in the change's transaction, and crm_webhook_due_tenants for the dispatchers.
    /// Row-level security for the new tables comes from the re-run of row_level_security.sql. The Down
    /// drops the triggers, functions and tables (webhooks_down.sql).
    /// </summary>
    public partial class Webhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("webhooks.sql"));
            migrationBuilder.Sql(SqlScripts.Read("row_level_security.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("webhooks_down.sql"));
        }
    }
}
