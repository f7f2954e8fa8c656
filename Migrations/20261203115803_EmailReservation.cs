using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <summary>
    /// An email is reserved only once confirmed: the users' unique email and user-name indexes become partial
    /// (WHERE email_confirmed), the case-folded one goes (user_emails.sql), and the sign-in lookup finds confirmed
    /// users only, beside two new lookups for mailed links and pending sign-ups (sign_in_lookup.sql). The Down
    /// fails while two users share an email, as the full indexes it puts back would.
    /// </summary>
    public partial class EmailReservation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_users_normalized_email",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ux_users_normalized_user_name",
                table: "users");

            migrationBuilder.CreateIndex(
                name: "ux_users_normalized_email",
                table: "users",
                column: "normalized_email",
                unique: true,
                filter: "email_confirmed");

            migrationBuilder.CreateIndex(
                name: "ux_users_normalized_user_name",
                table: "users",
                column: "normalized_user_name",
                unique: true,
                filter: "email_confirmed");

            migrationBuilder.Sql(SqlScripts.Read("user_emails.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/Schema_sign_in_lookup_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("sign_in_lookup.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("sign_in_lookup_down.sql"));
            migrationBuilder.Sql(SqlScripts.Read("Superseded/Schema_sign_in_lookup.sql"));
            migrationBuilder.Sql(SqlScripts.Read("user_emails_down.sql"));

            migrationBuilder.DropIndex(
                name: "ux_users_normalized_email",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ux_users_normalized_user_name",
                table: "users");

            migrationBuilder.CreateIndex(
                name: "ux_users_normalized_email",
                table: "users",
                column: "normalized_email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_users_normalized_user_name",
                table: "users",
                column: "normalized_user_name",
                unique: true);
        }
    }
}
