using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Provenance (provenance.sql): created_by/updated_by of a new row are the session's user; created_by of every
    /// table that has it is a same-tenant key to users (ON DELETE SET NULL (created_by)), with its index; rows whose
    /// created_by named no user of their tenant are cleared before the keys are validated.
    /// </summary>
    public partial class Provenance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("provenance.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("provenance_down.sql"));
        }
    }
}
