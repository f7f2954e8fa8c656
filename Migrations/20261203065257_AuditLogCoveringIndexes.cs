using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// The audit log's filter indexes carry the other filters' columns (INCLUDE), so combined filters and the
    /// capped count are answered by index-only scans (AuditLogConfiguration says why). Same names, same keys.
    /// </summary>
    public partial class AuditLogCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_action_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_changed_by_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_event_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_record_id_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_table_name_changed_at_id",
                table: "audit_logs");

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_action_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "action", "changed_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "changed_by", "table_name", "event" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "changed_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "changed_by", "table_name", "action", "event" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_changed_by_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "changed_by", "changed_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "table_name", "action", "event" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_event_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "event", "changed_at", "id" },
                filter: "event IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "changed_by", "table_name" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_record_id_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "record_id", "changed_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "table_name", "action" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_table_name_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "table_name", "changed_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "changed_by", "action", "event" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_action_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_changed_by_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_event_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_record_id_changed_at_id",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_table_name_changed_at_id",
                table: "audit_logs");

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_action_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "action", "changed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "changed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_changed_by_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "changed_by", "changed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_event_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "event", "changed_at", "id" },
                filter: "event IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_record_id_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "record_id", "changed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_table_name_changed_at_id",
                table: "audit_logs",
                columns: new[] { "tenant_id", "table_name", "changed_at", "id" });
        }
    }
}
