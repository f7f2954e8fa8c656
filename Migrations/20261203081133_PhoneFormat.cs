using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Phone numbers hold digits and separators (contacts, companies) and users' phone number a length
    /// (phone_format.sql): checks added NOT VALID, then validated; no model change.
    /// </summary>
    public partial class PhoneFormat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("phone_format.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("phone_format_down.sql"));
        }
    }
}
