using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// A deal's company is its primary customer participant, kept in step at commit (deal_customer.sql), and an
    /// activity's company agrees with its deal's and its contact's (activity_company.sql). Both backfill existing
    /// rows first and ANALYZE the table they wrote.
    /// </summary>
    public partial class DealCompanyAgreement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("deal_customer.sql"));
            migrationBuilder.Sql(SqlScripts.Read("activity_company.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("activity_company_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("deal_customer_down.sql"));
        }
    }
}
