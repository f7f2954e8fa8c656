using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>The contacts list's tally and name terms, and the search function over them (contact_list_speed.sql).</summary>
    public partial class ContactListSpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("contact_list_speed.sql"));
            // crm_contacts_search replaces the first two search functions.
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactSearchFunctions_search_down.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("contact_list_speed_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ContactSearchFunctions_search.sql"));
        }
    }
}
