using System;
using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Deal outcomes: each pipeline's listed lost reasons (lost_reasons, with defaults for every pipeline,
    /// lost_reasons.sql) and the one a deal was lost for; the ISO 4217 currencies deals must be in
    /// (currencies.sql); and the stage rules checked at commit (stage_order.sql): a pipeline keeps a won
    /// and a lost stage, and open stages come first (existing pipelines are put in that order).
    /// </summary>
    public partial class DealOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "lost_reason_id",
                table: "deals",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "currencies",
                columns: table => new
                {
                    code = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_currencies", x => x.code);
                    table.CheckConstraint("ck_currencies_code", "code ~ '^[A-Z]{3}$'");
                });

            migrationBuilder.CreateTable(
                name: "lost_reasons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lost_reasons", x => x.id);
                    table.UniqueConstraint("ak_lost_reasons_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_lost_reasons_name_not_blank", "name ~ '\\S'");
                    table.CheckConstraint("ck_lost_reasons_position", "position >= 0");
                    table.ForeignKey(
                        name: "fk_lost_reasons_pipelines_tenant_id_pipeline_id",
                        columns: x => new { x.tenant_id, x.pipeline_id },
                        principalTable: "pipelines",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_lost_reasons_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_deals_currency",
                table: "deals",
                column: "currency");

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_lost_reason_id",
                table: "deals",
                columns: new[] { "tenant_id", "lost_reason_id" });

            migrationBuilder.CreateIndex(
                name: "ux_lost_reasons_name",
                table: "lost_reasons",
                columns: new[] { "tenant_id", "pipeline_id", "name" },
                unique: true);

            // The codes before the key that checks deals against them; the reasons before row-level security.
            migrationBuilder.Sql(SqlScripts.Read("currencies.sql"));
            migrationBuilder.Sql(SqlScripts.Read("lost_reasons.sql"));
            migrationBuilder.Sql(SqlScripts.Read("stage_order.sql"));

            migrationBuilder.AddForeignKey(
                name: "fk_deals_currencies_currency",
                table: "deals",
                column: "currency",
                principalTable: "currencies",
                principalColumn: "code");

            migrationBuilder.AddForeignKey(
                name: "fk_deals_lost_reasons_tenant_id_lost_reason_id",
                table: "deals",
                columns: new[] { "tenant_id", "lost_reason_id" },
                principalTable: "lost_reasons",
                principalColumns: new[] { "tenant_id", "id" });

            migrationBuilder.Sql(SqlScripts.Read("row_level_security.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("stage_order_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("lost_reasons_down.sql"));

            migrationBuilder.DropForeignKey(
                name: "fk_deals_currencies_currency",
                table: "deals");

            migrationBuilder.DropForeignKey(
                name: "fk_deals_lost_reasons_tenant_id_lost_reason_id",
                table: "deals");

            migrationBuilder.DropTable(
                name: "currencies");

            migrationBuilder.DropTable(
                name: "lost_reasons");

            migrationBuilder.DropIndex(
                name: "ix_deals_currency",
                table: "deals");

            migrationBuilder.DropIndex(
                name: "ix_deals_tenant_id_lost_reason_id",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "lost_reason_id",
                table: "deals");
        }
    }
}
