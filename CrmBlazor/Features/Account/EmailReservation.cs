using Npgsql;

namespace CrmBlazor.Features.Account;

/// <summary>
/// An email belongs to one account once confirmed (ux_users_normalized_email, partial WHERE
/// email_confirmed): unconfirmed sign-ups and invitations with the same address may wait side by
/// side, and the first confirmed wins.
/// </summary>
public static class EmailReservation
{
    public const string Taken =
        "This email address already belongs to a CrmBlazor account. Log in with it (or reset its password); an address can hold one account.";

    /// <summary>Whether saving failed because a confirmed user already holds the email.</summary>
    public static bool IsTaken(Exception ex) =>
        ex.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_users_normalized_email" or "ux_users_normalized_user_name",
        };
}
