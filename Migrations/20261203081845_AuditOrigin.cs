using System.Net;
using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Where each audit row comes from (client_ip, user_agent, stamped by audit_entry.sql from the session), and the
    /// events the database records itself (audit_events.sql): password changes by any path, failed sign-ins for
    /// unknown emails in the no-tenant bucket, and bulk loads made with the triggers off.
    /// </summary>
    public partial class AuditOrigin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<IPAddress>(
                name: "client_ip",
                table: "audit_logs",
                type: "inet",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "user_agent",
                table: "audit_logs",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            // The stamp Schema made (Superseded/Schema_audit_entry_stamp.sql) gives way to the one that fills the new columns.
            migrationBuilder.Sql("DROP FUNCTION crm_stamp_audit_entry() CASCADE;");
            migrationBuilder.Sql(SqlScripts.Read("audit_entry.sql"));
            migrationBuilder.Sql(SqlScripts.Read("audit_events.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("audit_events_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("audit_entry_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/Schema_audit_entry_stamp.sql"));

            migrationBuilder.DropColumn(
                name: "client_ip",
                table: "audit_logs");

            migrationBuilder.DropColumn(
                name: "user_agent",
                table: "audit_logs");
        }
    }
}
