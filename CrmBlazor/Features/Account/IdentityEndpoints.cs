using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Account;

public static class IdentityEndpoints
{
    /// <summary>Endpoints the Identity pages post to that are not pages themselves.</summary>
    public static void MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async (
            [FromServices] SignInManager<User> signInManager,
            [FromServices] CrmDbContext db,
            [FromServices] ITenantContext tenant) =>
        {
            if (tenant.UserId is { } userId)
            {
                AuditTrail.Record(db, "logout", userId, "users");
                await db.SaveChangesAsync();
            }
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });
    }
}
