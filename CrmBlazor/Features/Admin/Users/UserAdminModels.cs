using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;

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
public enum UserAdminStep { User, Role, Audit }
