using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static CrmBlazor.Features.Account.IdentityResults;

namespace CrmBlazor.Features.Admin.Users;

/// <summary>
/// Users of the acting tenant: list, invite, change role, deactivate, reactivate. Owners and Admins
/// may do this; only an Owner may make an Owner or change one. Each change is one transaction with
/// its audit row, and the tenant always keeps an active Owner (here, and by ck_tenant_keeps_an_owner).
/// Nobody locks themselves out of administration while they are its only active Owner or Admin; that
/// is a rule about the acting user, not a tenant invariant, so it lives here only: the database's
/// owner rule already guarantees the tenant an administrator.
/// </summary>
public sealed class UserAdminService(
    TenantScopes scopes, IDbContextFactory<CrmDbContext> dbFactory, ITenantContext tenant, PermissionGuard guard,
    UserAccessChanges accessChanges, Security.InvitationLimit invitationLimit)
{
    public const string DuplicateEmail = "A user with this email already exists.";
    public const string LastOwner = "This is the last active Owner. Make someone else an Owner first.";
    public const string OnlyAdministrator =
        "You are the only active Owner or Admin. Make someone else an Admin first, or nobody could manage users any more.";
    public const string UserGone = "This user no longer exists.";
    public const string AlreadyAccepted = "This user has already accepted their invitation.";
    public const string ReactivateFirst = "Reactivate this user first.";
    public const string ChooseHeir = "This user still owns records. Choose who takes them over.";
    public const string HeirUnavailable = "Choose an active user other than the one you deactivate to take the records over.";

    private static readonly string[] AllRoles = [Role.Owner, Role.Admin, Role.Member, Role.Viewer];

    /// <summary>Runs after each write inside the transaction; a test seam for fault injection.</summary>
    internal Func<UserAdminStep, Task> AfterStepAsync { get; set; } = _ => Task.CompletedTask;

    /// <summary>The roles the acting user may give: an Admin may not make Owners.</summary>
    public IReadOnlyList<string> AssignableRoles() =>
        AllRoles.Where(r => r != Role.Owner || Permissions.Allows(tenant.Role, Permission.ManageTenant)).ToList();

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "users.list", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users
            .OrderBy(u => u.FullName)
            .Select(u => new
            {
                u.Id, u.FullName, u.Email, u.IsActive, u.EmailConfirmed, u.LastSignInAt,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault() ?? "",
            })
            .ToListAsync(ct);
        var isOwner = Permissions.Allows(tenant.Role, Permission.ManageTenant);
        return users.Select(u => new UserRow(u.Id, u.FullName, u.Email ?? "", u.Role,
                !u.IsActive ? UserStatus.Deactivated : u.EmailConfirmed ? UserStatus.Active : UserStatus.Invited,
                u.LastSignInAt, u.Id == tenant.UserId, isOwner || u.Role != Role.Owner))
            .ToList();
    }

    /// <summary>Creates the user without a password, with the role and the user.invite audit row, and returns the invitation link.</summary>
    public async Task<InviteResult> InviteAsync(InviteForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "users.invite", ct);
        if (Validate(form) is { } invalid) return invalid;
        if (form.Role == Role.Owner) await guard.DemandAsync(Permission.ManageTenant, "users.invite", ct);
        if (await invitationLimit.RefuseAsync(ct) is { } tooMany) return InviteResult.Invalid(nameof(InviteForm.Email), tooMany);

        await using var op = Begin();
        var email = form.Email!.Trim();
        // Only this tenant's users: whether an account elsewhere holds the email is not this tenant's to learn.
        // Such an invitee is told so when accepting (an email holds one confirmed account).
        var normalized = op.Users.NormalizeEmail(email);
        if (await op.Db.Users.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).AnyAsync(u => u.NormalizedEmail == normalized, ct))
            return InviteResult.Invalid(nameof(InviteForm.Email), DuplicateEmail);

        var user = new User
        {
            Id = Guid.NewGuid(), TenantId = tenant.TenantId!.Value, UserName = email, Email = email,
            FullName = form.FullName!.Trim(), EmailConfirmed = false,
        };
        try
        {
            await using var transaction = await op.Db.Database.BeginTransactionAsync(ct);
            var created = await op.Users.CreateAsync(user);
            if (!created.Succeeded) return InviteResult.Invalid(nameof(InviteForm.Email), Describe(created));
            await AfterStepAsync(UserAdminStep.User);
            ThrowIfFailed(await op.Users.AddToRoleAsync(user, form.Role!));
            await AfterStepAsync(UserAdminStep.Role);
            await AuditAsync(op, "user.invite", user.Id, ct, $"{email} as {form.Role}");
            var token = await InvitationService.GenerateTokenAsync(op.Users, user);
            await transaction.CommitAsync(ct);
            return InviteResult.Invited(InvitationService.LinkPath(user.Id, token));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
                                           && pg.ConstraintName is "ux_users_email" or "ux_users_normalized_email" or "ux_users_normalized_user_name")
        {
            // Another tenant took the email a moment ago; the unique index decided.
            return InviteResult.Invalid(nameof(InviteForm.Email), DuplicateEmail);
        }
    }

    /// <summary>A fresh link for someone who has not accepted yet; earlier links stop working.</summary>
    public Task<UserChangeResult> RenewInvitationAsync(Guid userId, CancellationToken ct = default) =>
        ChangeAsync(userId, "users.invite_renew", makesOwner: false, ct, async (op, user, role) =>
        {
            if (user.EmailConfirmed) return UserChangeResult.Refused(AlreadyAccepted);
            if (!user.IsActive) return UserChangeResult.Refused(ReactivateFirst);
            ThrowIfFailed(await op.Users.UpdateSecurityStampAsync(user));
            await AfterStepAsync(UserAdminStep.User);
            await AuditAsync(op, "user.invite_renew", user.Id, ct);
            return UserChangeResult.Done(InvitationService.LinkPath(user.Id, await InvitationService.GenerateTokenAsync(op.Users, user)));
        });

    public Task<UserChangeResult> ChangeRoleAsync(Guid userId, string newRole, CancellationToken ct = default) =>
        ChangeAsync(userId, "users.role_change", makesOwner: newRole == Role.Owner, ct, async (op, user, role) =>
        {
            if (!AllRoles.Contains(newRole)) return UserChangeResult.Refused($"There is no role called {newRole}.");
            if (role == newRole) return UserChangeResult.Done();
            if (!Permissions.Allows(newRole, Permission.Administer) && await LocksOutLastAdministratorAsync(op.Db, user, ct))
                return UserChangeResult.Refused(OnlyAdministrator);
            if (role == Role.Owner && await IsLastActiveOwnerAsync(op.Db, user.Id, ct)) return UserChangeResult.Refused(LastOwner);
            if (role != "") ThrowIfFailed(await op.Users.RemoveFromRoleAsync(user, role));
            ThrowIfFailed(await op.Users.AddToRoleAsync(user, newRole));
            await AfterStepAsync(UserAdminStep.Role);
            await AuditAsync(op, "user.role_change", user.Id, ct, $"{role} → {newRole}");
            return UserChangeResult.Done();
        });

    /// <summary>
    /// What the user owns that someone must take over when they are deactivated, and who may: the
    /// other active users, the acting one first (the default). Read when the deactivation dialog opens.
    /// </summary>
    public async Task<Handover> HandoverAsync(Guid userId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "users.deactivate", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var heirs = await db.Users.Where(u => u.IsActive && u.Id != userId).OrderBy(u => u.FullName)
            .Select(u => new Choice(u.Id, u.FullName)).ToListAsync(ct);
        return new Handover(await OwnedRecords.CountAsync(db, tenant.TenantId!.Value, userId, ct),
            heirs.OrderBy(u => u.Id != tenant.UserId).ToList());
    }

    /// <summary>
    /// Deactivates the user and changes their security stamp, which ends their open sessions. The
    /// records they own (live or in the trash) go to <paramref name="heirId"/> first, in the same
    /// transaction: an owner who can no longer sign in follows nothing up, and the database refuses
    /// records given to one (fk_*_active_owner_id). Each record's change is audited by its row trigger.
    /// </summary>
    public Task<UserChangeResult> DeactivateAsync(Guid userId, Guid? heirId, CancellationToken ct = default) =>
        ChangeAsync(userId, "users.deactivate", makesOwner: false, ct, async (op, user, role) =>
        {
            if (!user.IsActive) return UserChangeResult.Done();
            if (await LocksOutLastAdministratorAsync(op.Db, user, ct)) return UserChangeResult.Refused(OnlyAdministrator);
            if (role == Role.Owner && await IsLastActiveOwnerAsync(op.Db, user.Id, ct)) return UserChangeResult.Refused(LastOwner);
            string? detail = null;
            if ((await OwnedRecords.CountAsync(op.Db, tenant.TenantId!.Value, user.Id, ct)).Total > 0)
            {
                if (heirId is null) return UserChangeResult.Refused(ChooseHeir);
                if (heirId == user.Id || await op.Db.Users.FirstOrDefaultAsync(u => u.Id == heirId && u.IsActive, ct) is not { } heir)
                    return UserChangeResult.Refused(HeirUnavailable);
                var handed = await OwnedRecords.HandOverAsync(op.Db, tenant.TenantId!.Value, user.Id, heir.Id, ct);
                await AfterStepAsync(UserAdminStep.Handover);
                detail = $"{handed} records handed over to {heir.FullName}";
            }
            user.IsActive = false;
            // Saves IsActive with the new stamp; the user's cookies are checked again on their next request.
            ThrowIfFailed(await op.Users.UpdateSecurityStampAsync(user));
            await AfterStepAsync(UserAdminStep.User);
            await AuditAsync(op, "user.deactivate", user.Id, ct, detail);
            return UserChangeResult.Done();
        });

    public Task<UserChangeResult> ReactivateAsync(Guid userId, CancellationToken ct = default) =>
        ChangeAsync(userId, "users.reactivate", makesOwner: false, ct, async (op, user, role) =>
        {
            if (user.IsActive) return UserChangeResult.Done();
            user.IsActive = true;
            ThrowIfFailed(await op.Users.UpdateAsync(user));
            await AfterStepAsync(UserAdminStep.User);
            await AuditAsync(op, "user.reactivate", user.Id, ct);
            return UserChangeResult.Done();
        });

    /// <summary>
    /// The frame of every change to an existing user: the permission checks (only an Owner makes or
    /// changes an Owner), then <paramref name="change"/>, given the user and their current role, inside one transaction.
    /// The database's owner rule runs at commit and may still refuse, when someone else demoted or
    /// deactivated the other Owners since <paramref name="change"/> checked.
    /// </summary>
    private async Task<UserChangeResult> ChangeAsync(Guid userId, string action, bool makesOwner, CancellationToken ct,
        Func<Operation, User, string, Task<UserChangeResult>> change)
    {
        await guard.DemandAsync(Permission.Administer, action, ct);
        if (makesOwner) await guard.DemandAsync(Permission.ManageTenant, action, ct);
        await using var op = Begin();
        if (await op.Users.FindByIdAsync(userId.ToString()) is not { } user) return UserChangeResult.Refused(UserGone);
        var role = (await op.Users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        if (role == Role.Owner) await guard.DemandAsync(Permission.ManageTenant, action, ct);
        try
        {
            await using var transaction = await op.Db.Database.BeginTransactionAsync(ct);
            var result = await change(op, user, role);
            if (!result.Succeeded) return result;
            await transaction.CommitAsync(ct);
            accessChanges.Record(user.Id);
            return result;
        }
        catch (Exception ex) when (IsOwnerRule(ex))
        {
            return UserChangeResult.Refused(LastOwner);
        }
    }

    /// <summary>The change's audit row, saved in its transaction: the last write of every change.</summary>
    private async Task AuditAsync(Operation op, string eventName, Guid userId, CancellationToken ct, string? detail = null)
    {
        AuditTrail.Record(op.Db, eventName, userId, "users", detail);
        await op.Db.SaveChangesAsync(ct);
        await AfterStepAsync(UserAdminStep.Audit);
    }

    /// <summary>
    /// Whether no other Owner could run the tenant: one who is active and has accepted their
    /// invitation. Stricter than the database's rule, which also counts Owners still invited.
    /// </summary>
    private static async Task<bool> IsLastActiveOwnerAsync(CrmDbContext db, Guid userId, CancellationToken ct) =>
        !await ActiveUsersInRoles(db, userId, Role.Owner).AnyAsync(ct);

    /// <summary>
    /// Whether <paramref name="user"/> is the acting user and no other active Owner or Admin, who has
    /// accepted their invitation, would be left to manage users after they lose administration.
    /// </summary>
    private async Task<bool> LocksOutLastAdministratorAsync(CrmDbContext db, User user, CancellationToken ct) =>
        user.Id == tenant.UserId && !await ActiveUsersInRoles(db, user.Id, Role.Owner, Role.Admin).AnyAsync(ct);

    private static IQueryable<User> ActiveUsersInRoles(CrmDbContext db, Guid except, params string[] roles) =>
        db.Users
            .Where(u => u.Id != except && u.IsActive && u.EmailConfirmed)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));

    private static bool IsOwnerRule(Exception ex) =>
        ConstraintTable.Violation(ex) is
            { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: "ck_tenant_keeps_an_owner" };

    private static InviteResult? Validate(InviteForm form)
    {
        var errors = FormErrors.Of(form, nameof(InviteForm.Email));
        if (form.Role is not null && !AllRoles.Contains(form.Role))
            errors.TryAdd(nameof(InviteForm.Role), "Choose one of the roles.");
        if (form.FullName is not null && string.IsNullOrWhiteSpace(form.FullName))
            errors.TryAdd(nameof(InviteForm.FullName), "Enter the full name.");
        return errors.Count == 0 ? null : InviteResult.Invalid(errors);
    }

    private static string Describe(IdentityResult result) =>
        result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
            ? DuplicateEmail
            : string.Join(" ", result.Errors.Select(e => e.Description));

    /// <summary>
    /// A service scope acting as the circuit's user, for one operation. UserManager saves through
    /// the scoped CrmDbContext, and a circuit's scope lives as long as the browser tab: sharing that
    /// context across clicks would fail ("a second operation was started on this context") and
    /// keep stale users. A fresh scope gives one context that UserManager and the audit rows both
    /// write through, so one transaction on it covers the whole change.
    /// </summary>
    private Operation Begin() => new(scopes.Begin(tenant.Snapshot, tenant.Origin));

    private sealed class Operation(AsyncServiceScope scope) : IAsyncDisposable
    {
        public UserManager<User> Users { get; } = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        public CrmDbContext Db { get; } = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
