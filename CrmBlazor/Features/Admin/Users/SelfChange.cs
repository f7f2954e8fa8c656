using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;

namespace CrmBlazor.Features.Admin.Users;

/// <summary>
/// What an administrator is told before changing their own access, which they cannot undo themselves
/// once it is gone. The service refuses such a change outright when nobody else could give access back.
/// </summary>
public static class SelfChange
{
    public const string DeactivationWarning =
        "You will be signed out at once and cannot sign in again until another Owner or Admin reactivates you.";

    public static string RoleWarning(string currentRole, string newRole) =>
        !Permissions.Allows(newRole, Permission.Administer)
            ? $"As a {newRole} you will lose access to Admin, including this page, as soon as you confirm. Only another Owner or Admin can give it back."
            : currentRole == Role.Owner
                ? $"As an {newRole} you will no longer be able to make Owners or run the organization. Only another Owner can make you an Owner again."
                : $"Your role becomes {newRole}.";
}
