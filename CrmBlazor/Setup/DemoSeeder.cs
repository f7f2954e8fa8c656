using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using CrmBlazor.Features.Identity;

namespace CrmBlazor.Setup;

/// <summary>Seeds the Acme Demo tenant once; running it again leaves existing data alone.</summary>
public static class DemoSeeder
{
    public const string TenantSlug = "acme-demo";
    public const string OwnerEmail = "demo@crm.local";

    public static async Task SeedAsync(IServiceProvider services, string? ownerPassword)
    {
        if (string.IsNullOrWhiteSpace(ownerPassword))
            throw new InvalidOperationException("Demo:Password is not set.");

        var db = services.GetRequiredService<CrmDbContext>();
        var userManager = services.GetRequiredService<UserManager<User>>();
        // Row-level security hides every tenant until one is chosen: look the demo owner up instead.
        if (await UserLookup.FindForSignInAsync(db, userManager.NormalizeEmail(OwnerEmail)) is not null)
        {
            Console.WriteLine("Demo tenant already present; left as it is.");
            return;
        }

        var tenantId = Guid.NewGuid();
        services.GetRequiredService<TenantContext>().Set(tenantId, null, null);

        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Tenants.Add(new Tenant { Id = tenantId, Name = "Acme Demo", Slug = TenantSlug });
        await db.SaveChangesAsync();

        var owner = new User { TenantId = tenantId, UserName = OwnerEmail, Email = OwnerEmail, EmailConfirmed = true, FullName = "Dana Demo" };
        Check(await userManager.CreateAsync(owner, ownerPassword));
        Check(await userManager.AddToRoleAsync(owner, Role.Owner));
        await transaction.CommitAsync();
        Console.WriteLine("Demo tenant seeded.");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
