using System;
using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Import runners hold a job by a lease in its row instead of a session advisory lock (import_leases.sql):
    /// import_jobs.lease_until and claims, crm_next_import_job(runner, lease) in place of crm_next_import_job(),
    /// and the job's row audit without lease_until. The Down puts the first function back from
    /// Superseded/ImportJobs_next_import_job.sql before EF drops the columns. Not expand/contract on purpose: during a
    /// rolling deploy the old nodes find no crm_next_import_job() and claim nothing (their runners log it and look
    /// again), since the old claim would fail a job a new node holds by its lease (claimed_by set, no advisory lock).
    /// </summary>
    public partial class ImportLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "claims",
                table: "import_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_until",
                table: "import_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_jobs_claims",
                table: "import_jobs",
                sql: "claims >= 0");

            migrationBuilder.Sql(SqlScripts.Read("import_leases.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("import_leases_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/ImportJobs_next_import_job.sql"));

            migrationBuilder.DropCheckConstraint(
                name: "ck_import_jobs_claims",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "claims",
                table: "import_jobs");

            migrationBuilder.DropColumn(
                name: "lease_until",
                table: "import_jobs");
        }
    }
}
