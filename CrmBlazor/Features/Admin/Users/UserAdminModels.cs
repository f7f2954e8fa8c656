using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Admin.Users;

/// <summary>Invited: created by an administrator, has not set a password yet.</summary>
public enum UserStatus { Active, Invited, Deactivated }

/// <summary>One line of the users list; CanManage says whether the acting user may change this one.</summary>
public sealed record UserRow(
    Guid Id, string FullName, string Email, string Role, UserStatus Status, DateTimeOffset? LastSignInAt, bool IsYou, bool CanManage);

/// <summary>The invitation form; the lengths mirror the users columns.</summary>
public sealed class InviteForm
{
    [Required(ErrorMessage = "Enter the email address.")]
    [MaxLength(FieldLimits.Email, ErrorMessage = "Use at most 320 characters.")]
    [RegularExpression(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", ErrorMessage = "Enter a valid email address, like name@example.com.")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter the full name.")]
    [MaxLength(FieldLimits.Name, ErrorMessage = "Use at most 200 characters.")]
    public string? FullName { get; set; }

    [Required(ErrorMessage = "Choose a role.")]
    public string? Role { get; set; }
}

/// <summary>An invitation's outcome: the link's path (relative to the app's base address), or field errors.</summary>
public sealed record InviteResult(string? InvitationPath, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => InvitationPath is not null;
    public static InviteResult Invited(string path) => new(path, new Dictionary<string, string>());
    public static InviteResult Invalid(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
    public static InviteResult Invalid(IReadOnlyDictionary<string, string> errors) => new(null, errors);
}

/// <summary>A change's outcome: null Error when it was made, else the sentence saying why not.</summary>
public sealed record UserChangeResult(string? Error, string? InvitationPath = null)
{
    public bool Succeeded => Error is null;
    public static UserChangeResult Done(string? invitationPath = null) => new(null, invitationPath);
    public static UserChangeResult Refused(string message) => new(message);
}

/// <summary>The writes of a user change, in order; tests inject a failure after each to prove nothing survives.</summary>
public enum UserAdminStep { Handover, User, Role, Audit }

/// <summary>What a user about to be deactivated owns, and the active users who could take it over (the acting user first).</summary>
public sealed record Handover(OwnedCounts Owned, IReadOnlyList<Choice> Heirs);

/// <summary>The records a user owns, by kind (those in the trash included).</summary>
public sealed record OwnedCounts(int Contacts, int Companies, int Deals, int Activities)
{
    public int Total => Contacts + Companies + Deals + Activities;

    /// <summary>"3 contacts, 1 company and 2 deals": the kinds the user owns any of.</summary>
    public string Describe()
    {
        var parts = new[] { (Contacts, "contact"), (Companies, "company"), (Deals, "deal"), (Activities, "activity") }
            .Where(p => p.Item1 > 0)
            .Select(p => $"{p.Item1} {(p.Item1 == 1 ? p.Item2 : Plural(p.Item2))}")
            .ToList();
        return parts.Count <= 1 ? string.Concat(parts) : $"{string.Join(", ", parts[..^1])} and {parts[^1]}";
    }

    private static string Plural(string noun) => noun.EndsWith('y') ? noun[..^1] + "ies" : noun + "s";
}
