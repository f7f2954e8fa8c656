using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// The audit log searchable at ten million rows: the record's name as of each change (the generated
    /// column record_name), an index per filter of Admin → Audit log ending in its order, and the trigram
    /// index and the search function (audit_search.sql). The two old indexes go: (tenant, changed_at) is
    /// a prefix of its successor, and a record's rows are found by (tenant, record_id, ...) alone.
    /// </summary>
    public partial class AuditLogSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_changed_at",
                table: "audit_logs");

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_tenant_id_table_name_record_id_changed_at",
                table: "audit_logs");

            migrationBuilder.AddColumn<string>(
                name: "record_name",
                table: "audit_logs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                computedColumnSql: "left(coalesce(new_data ->> 'title', new_data ->> 'subject', new_data ->> 'name', new_data ->> 'full_name', NULLIF(btrim(coalesce(new_data ->> 'first_name', '') || ' ' || coalesce(new_data ->> 'last_name', '')), ''), new_data ->> 'email', old_data ->> 'title', old_data ->> 'subject', old_data ->> 'name', old_data ->> 'full_name', NULLIF(btrim(coalesce(old_data ->> 'first_name', '') || ' ' || coalesce(old_data ->> 'last_name', '')), ''), old_data ->> 'email'), 200)",
                stored: true);

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

            migrationBuilder.Sql(SqlScripts.Read("audit_search.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("audit_search_down.sql"));

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

            migrationBuilder.DropColumn(
                name: "record_name",
                table: "audit_logs");

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_changed_at",
                table: "audit_logs",
                columns: new[] { "tenant_id", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_table_name_record_id_changed_at",
                table: "audit_logs",
                columns: new[] { "tenant_id", "table_name", "record_id", "changed_at" });
        }
    }
}
