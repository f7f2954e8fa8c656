using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// The contacts list sorted by email (empty ones last, ties by id: ContactSearch.Sort) read every live contact of
    /// the tenant and sorted them for each page; this index holds that order, so a page is an index range. Built
    /// concurrently (ConcurrentIndexes), as every index on a table that may be large: contacts keep being written
    /// during the build. An expression index, so not in the EF model (no model change).
    /// </summary>
    public partial class ContactListByEmailIndex : Migration
    {
        public const string IndexName = "ix_contacts_live_by_email";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndexConcurrently(IndexName, "ON contacts (tenant_id, (email IS NULL), email, id) WHERE deleted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndexConcurrently(IndexName);
        }
    }
}
