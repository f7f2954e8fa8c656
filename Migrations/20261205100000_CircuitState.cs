using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// The app's distributed cache for persisted circuit state (cache_entries.sql): cache_entries, kept out of crm_app's
    /// reach but through crm_cache_touch/set/remove/purge_expired. Raw SQL, not in the EF model (the snapshot is
    /// unchanged). Expand only: nodes of the previous version never call the functions, so both run side by side.
    /// </summary>
    public partial class CircuitState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("cache_entries.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("cache_entries_down.sql"));
        }
    }
}
