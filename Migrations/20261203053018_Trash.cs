using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>The trash: an index of each tenant's deleted rows by deletion time on the four restorable tables, and crm_purge_trash (trash.sql).</summary>
    public partial class Trash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_deals_trash",
                table: "deals",
                columns: new[] { "tenant_id", "deleted_at" },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_trash",
                table: "contacts",
                columns: new[] { "tenant_id", "deleted_at" },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_companies_trash",
                table: "companies",
                columns: new[] { "tenant_id", "deleted_at" },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_activities_trash",
                table: "activities",
                columns: new[] { "tenant_id", "deleted_at" },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.Sql(SqlScripts.Read("trash.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("trash_down.sql"));

            migrationBuilder.DropIndex(
                name: "ix_deals_trash",
                table: "deals");

            migrationBuilder.DropIndex(
                name: "ix_contacts_trash",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "ix_companies_trash",
                table: "companies");

            migrationBuilder.DropIndex(
                name: "ix_activities_trash",
                table: "activities");
        }
    }
}
