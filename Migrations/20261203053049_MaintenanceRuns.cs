using System;
using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Each tenant's audit retention (years, 1–10, default 2) and the global record of maintenance runs
    /// (backups, their verification, restores, purges), which crm_app may only read (maintenance_runs.sql).
    /// </summary>
    public partial class MaintenanceRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "audit_retention_years",
                table: "tenants",
                type: "integer",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.CreateTable(
                name: "maintenance_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    succeeded = table.Column<bool>(type: "boolean", nullable: true),
                    detail = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_maintenance_runs", x => x.id);
                    table.CheckConstraint("ck_maintenance_runs_finished", "(finished_at IS NULL) = (succeeded IS NULL) AND (finished_at IS NULL OR finished_at >= started_at)");
                    table.CheckConstraint("ck_maintenance_runs_kind", "kind IN ('backup', 'verify_backup', 'restore', 'trash_purge', 'audit_retention')");
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_tenants_audit_retention_years",
                table: "tenants",
                sql: "audit_retention_years BETWEEN 1 AND 10");

            migrationBuilder.CreateIndex(
                name: "ix_maintenance_runs_kind_started_at",
                table: "maintenance_runs",
                columns: new[] { "kind", "started_at" });

            migrationBuilder.Sql(SqlScripts.Read("maintenance_runs.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The grant goes with the table.
            migrationBuilder.DropTable(
                name: "maintenance_runs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_tenants_audit_retention_years",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "audit_retention_years",
                table: "tenants");
        }
    }
}
