using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// Calls and meetings get a duration and an outcome from a fixed list per type (ActivityOutcomes),
    /// both checked by CHECK constraints as well as by the activity form.
    /// </summary>
    public partial class ActivityOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "duration_minutes",
                table: "activities",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "activities",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_activities_duration",
                table: "activities",
                sql: "duration_minutes IS NULL OR type IN ('call', 'meeting') AND duration_minutes BETWEEN 0 AND 1440");

            migrationBuilder.AddCheckConstraint(
                name: "ck_activities_outcome",
                table: "activities",
                sql: "outcome IS NULL OR type = 'call' AND outcome IN ('connected', 'left_voicemail', 'no_answer', 'busy', 'wrong_number') OR type = 'meeting' AND outcome IN ('held', 'no_show', 'rescheduled', 'cancelled')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_activities_duration",
                table: "activities");

            migrationBuilder.DropCheckConstraint(
                name: "ck_activities_outcome",
                table: "activities");

            migrationBuilder.DropColumn(
                name: "duration_minutes",
                table: "activities");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "activities");
        }
    }
}
