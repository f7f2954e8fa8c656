using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// One search for contacts, companies and deals, typo- and accent-tolerant (search.sql), in place
    /// of the contacts-only crm_contacts_search and the contact name terms it read.
    /// </summary>
    public partial class SearchEverything : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactListSpeed_search_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactListSpeed_name_terms_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("contact_tallies.sql"));
            migrationBuilder.Sql(SqlScripts.Read("search.sql"));
            // After search.sql has filled its tables: closes them like every tenant table.
            migrationBuilder.Sql(SqlScripts.Read("row_level_security.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("search_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactListSpeed_name_terms.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactListSpeed_search.sql"));
        }
    }
}
