using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// The public API's foundation (api_keys.sql): the key lookup made before the tenant is known,
    /// the scopes and hash a key may hold, and the contacts indexes the API's keyset paging reads. No model change.
    /// </summary>
    public partial class ApiKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("api_keys.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("api_keys_down.sql"));
        }
    }
}
