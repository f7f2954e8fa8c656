using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <inheritdoc />
    public partial class ContactListByNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_contacts_live_by_tenant",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "ix_contacts_tenant_id_last_name_first_name",
                table: "contacts");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_live_by_name",
                table: "contacts",
                columns: new[] { "tenant_id", "last_name", "first_name", "id" },
                filter: "deleted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_contacts_live_by_name",
                table: "contacts");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_live_by_tenant",
                table: "contacts",
                column: "tenant_id",
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_tenant_id_last_name_first_name",
                table: "contacts",
                columns: new[] { "tenant_id", "last_name", "first_name" });
        }
    }
}
