using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <inheritdoc />
    public partial class ForeignKeyIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameIndex(
                name: "ix_activities_tenant_id_owner_id_due_at",
                table: "activities",
                newName: "ix_activities_open_by_owner_due");

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_pipeline_id_stage_id",
                table: "deals",
                columns: new[] { "tenant_id", "pipeline_id", "stage_id" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_owner_id",
                table: "activities",
                columns: new[] { "tenant_id", "owner_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_deals_tenant_id_pipeline_id_stage_id",
                table: "deals");

            migrationBuilder.DropIndex(
                name: "ix_activities_tenant_id_owner_id",
                table: "activities");

            migrationBuilder.RenameIndex(
                name: "ix_activities_open_by_owner_due",
                table: "activities",
                newName: "ix_activities_tenant_id_owner_id_due_at");
        }
    }
}
