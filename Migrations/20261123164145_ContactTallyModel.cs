using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>Only the model learns of contact_tallies (read-only); ContactListSpeed created the table.</summary>
    public partial class ContactTallyModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
