using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account;

/// <summary>What the app shell shows about the signed-in user, and the preferences they set there.</summary>
public sealed class ProfileService(IDbContextFactory<CrmDbContext> dbFactory, ITenantContext tenant)
{
    public async Task<ShellInfo?> GetShellInfoAsync(CancellationToken ct = default)
    {
        if (tenant.UserId is not { } userId) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new ShellInfo(u.Tenant!.Name, u.FullName, u.PrefersDarkMode,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault() ?? ""))
            .SingleOrDefaultAsync(ct);
    }

    public async Task SetDarkModeAsync(bool prefersDarkMode, CancellationToken ct = default)
    {
        if (tenant.UserId is not { } userId) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, prefersDarkMode), ct);
    }
}

public sealed record ShellInfo(string TenantName, string FullName, bool PrefersDarkMode, string Role);
