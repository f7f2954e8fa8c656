using CrmBlazor.Data.Entities;

namespace CrmBlazor.Tenancy;

/// <summary>What a tenant role may do. Viewers read; Members also change CRM records; Admins also
/// manage users, pipelines, tags, API keys and read the audit log; Owners also run the tenant.</summary>
public enum Permission { EditRecords, Administer, ManageTenant }

public static class Permissions
{
    public static bool Allows(string? role, Permission permission) => permission switch
    {
        Permission.EditRecords => role is Role.Owner or Role.Admin or Role.Member,
        Permission.Administer => role is Role.Owner or Role.Admin,
        Permission.ManageTenant => role is Role.Owner,
        _ => false,
    };

    public static string[] RolesAllowed(Permission permission) =>
        new[] { Role.Owner, Role.Admin, Role.Member, Role.Viewer }.Where(r => Allows(r, permission)).ToArray();

    /// <summary>The sentence a refused user reads.</summary>
    public static string Refusal(string? role, Permission permission) => permission switch
    {
        Permission.EditRecords => $"Your role ({role ?? "none"}) can view records but not change them. Ask an administrator if you need to.",
        Permission.Administer => $"Only Owners and Admins can do this; your role is {role ?? "none"}.",
        _ => $"Only the Owner can do this; your role is {role ?? "none"}.",
    };
}
