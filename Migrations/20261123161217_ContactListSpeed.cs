using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>The contacts list's tally and name terms (contact_tallies.sql), and the search function over them (search.sql).</summary>
    public partial class ContactListSpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactListSpeed_contact_tallies.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactListSpeed_search.sql"));
            // After contact_tallies.sql has filled its tables: closes them like every tenant table.
            migrationBuilder.Sql(SqlScripts.Read("row_level_security.sql"));
            // crm_contacts_search replaces the first two search functions.
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactSearchFunctions_search_down.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactListSpeed_search_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactListSpeed_contact_tallies_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactSearchFunctions_search.sql"));
        }
    }
}
