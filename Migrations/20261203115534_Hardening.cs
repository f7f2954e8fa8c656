using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Issue 15's hardening, no model change: crm_app may read and add data protection keys but not rewrite
    /// or remove them (key_ring.sql); a company's website is an absolute http(s) address
    /// (website_http.sql: bad rows cleared, the check added NOT VALID, then validated); rate-limit hits
    /// before a user is known go to the audit log's no-tenant bucket (rate_limits.sql).
    /// </summary>
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("key_ring.sql"));
            migrationBuilder.Sql(SqlScripts.Read("website_http.sql"));
            migrationBuilder.Sql(SqlScripts.Read("rate_limits.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("rate_limits_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("website_http_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("key_ring_down.sql"));
        }
    }
}
