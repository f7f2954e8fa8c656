using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// An API key's use (api_key_use.sql): the row audit of api_keys leaves last_used_at out, so keeping it
    /// current writes no audit row. No model change.
    /// </summary>
    public partial class ApiKeyUse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("api_key_use.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("api_key_use_down.sql"));
        }
    }
}
