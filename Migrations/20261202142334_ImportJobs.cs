using System;
using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Import jobs that run in the background: the job's settings, format, counters, cancel request,
    /// runner claim and undo stamp; saved mappings (presets); and in import.sql the stored file, the
    /// staging rows, the records a job created beside its rows, and the function runners claim jobs with.
    /// </summary>
    public partial class ImportJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_import_jobs_counts",
                table: "import_jobs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_import_jobs_status",
                table: "import_jobs");

            migrationBuilder.AddColumn<bool>(
                name: "search_pending",
                table: "import_jobs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "cancel_requested",
                table: "import_jobs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "claimed_at",
                table: "import_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claimed_by",
                table: "import_jobs",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "columns",
                table: "import_jobs",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<long>(
                name: "file_bytes",
                table: "import_jobs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "format",
                table: "import_jobs",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rows_read",
                table: "import_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "rows_validated",
                table: "import_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "rows_written",
                table: "import_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "settings",
                table: "import_jobs",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "skipped_rows",
                table: "import_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "undone_at",
                table: "import_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "updated_rows",
                table: "import_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "import_presets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    field_by_column = table.Column<string>(type: "jsonb", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_presets", x => x.id);
                    table.UniqueConstraint("ak_import_presets_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_import_presets_name_not_blank", "name ~ '\\S'");
                    table.ForeignKey(
                        name: "fk_import_presets_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_status",
                table: "import_jobs",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_tenant_id_created_at",
                table: "import_jobs",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_jobs_counts",
                table: "import_jobs",
                sql: "total_rows >= 0 AND imported_rows >= 0 AND updated_rows >= 0 AND skipped_rows >= 0 AND failed_rows >= 0 AND imported_rows + updated_rows + skipped_rows + failed_rows <= total_rows");

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_jobs_progress",
                table: "import_jobs",
                sql: "rows_read >= 0 AND rows_validated >= 0 AND rows_written >= 0 AND file_bytes >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_jobs_search_pending_completed",
                table: "import_jobs",
                sql: "NOT search_pending OR status = 'completed'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_jobs_status",
                table: "import_jobs",
                sql: "status IN ('pending', 'validating', 'ready', 'importing', 'completed', 'failed', 'cancelled')");

            migrationBuilder.CreateIndex(
                name: "ix_import_presets_tenant_id_kind_name",
                table: "import_presets",
                columns: new[] { "tenant_id", "kind", "name" },
                unique: true);

            migrationBuilder.Sql(SqlScripts.Read("import.sql"));
            // import.sql's first crm_next_import_job, cut out of it when ImportLeases replaced it.
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ImportJobs_next_import_job.sql"));
            // The new tables are tenant tables like the others. (Not grants.sql again: it would give back
            // what search.sql and contact_tallies.sql revoked; import.sql grants on its tables itself.)
            migrationBuilder.Sql(SqlScripts.Read("row_level_security.sql"));
            migrationBuilder.Sql(SqlScripts.Read("import_bulk_writes.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("import_bulk_writes_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("import_down.sql"));

            migrationBuilder.DropTable(
                name: "import_presets");

            migrationBuilder.DropIndex(
                name: "ix_import_jobs_status",
                table: "import_jobs");

            migrationBuilder.DropIndex(
                name: "ix_import_jobs_tenant_id_created_at",
                table: "import_jobs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_import_jobs_counts",
                table: "import_jobs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_import_jobs_progress",
                table: "import_jobs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_import_jobs_status",
                table: "import_jobs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_import_jobs_search_pending_completed",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "search_pending",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "cancel_requested",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "claimed_at",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "claimed_by",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "columns",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "file_bytes",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "format",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "rows_read",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "rows_validated",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "rows_written",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "settings",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "skipped_rows",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "undone_at",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "updated_rows",
                table: "import_jobs");

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_jobs_counts",
                table: "import_jobs",
                sql: "total_rows >= 0 AND imported_rows >= 0 AND failed_rows >= 0 AND imported_rows + failed_rows <= total_rows");

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_jobs_status",
                table: "import_jobs",
                sql: "status IN ('pending', 'validating', 'importing', 'completed', 'failed', 'cancelled')");
        }
    }
}
