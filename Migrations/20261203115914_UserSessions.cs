using System;
using System.Net;
using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Users' signed-in sessions (the profile's list, "Sign out" one or everywhere): the user_sessions table,
    /// keyed by tenant first, with crm_app's grants (user_sessions.sql) and row-level security (the re-run
    /// of row_level_security.sql). The Down drops the table, and its grants and policies with it.
    /// </summary>
    public partial class UserSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "user_sessions",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    client_ip = table.Column<IPAddress>(type: "inet", nullable: true),
                    signed_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_sessions", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_user_sessions_times", "last_seen_at >= signed_in_at AND (revoked_at IS NULL OR revoked_at >= signed_in_at)");
                    table.ForeignKey(
                        name: "fk_user_sessions_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_sessions_users_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "users",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_tenant_id_user_id_signed_in_at",
                table: "user_sessions",
                columns: new[] { "tenant_id", "user_id", "signed_in_at" });

            migrationBuilder.Sql(SqlScripts.Read("user_sessions.sql"));
            migrationBuilder.Sql(SqlScripts.Read("row_level_security.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_sessions");
        }
    }
}
