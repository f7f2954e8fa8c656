using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account.Sessions;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Account;

public static class IdentityEndpoints
{
    /// <summary>Endpoints the Identity pages post to that are not pages themselves.</summary>
    public static void MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The layout's form posts its antiforgery token: a logout another site's page posts is refused (400),
        // so it cannot sign a user out behind their back.
        endpoints.MapPost("/Account/Logout", async Task<Results<ContentHttpResult, RedirectHttpResult>> (
            HttpContext http,
            [FromServices] SignInManager<User> signInManager,
            [FromServices] CrmDbContext db,
            [FromServices] ITenantContext tenant,
            [FromServices] TimeProvider clock) =>
        {
            // UseAntiforgery validates the token (this endpoint requires one) but leaves the refusal to the endpoint.
            // The answer has a body, so the status code pages do not re-execute the POST on a page (which would
            // read the form and throw on the same token).
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
                return TypedResults.Text("This sign-out form has expired. Reload the page and log out again.", statusCode: StatusCodes.Status400BadRequest);
            if (tenant.UserId is { } userId)
            {
                // The cookie goes now: its session leaves the user's list.
                if (SessionStart.SessionOf(http.User, userId) is { } session)
                    await SessionService.EndAsync(db, userId, session, clock.GetUtcNow());
                AuditTrail.Record(db, "logout", userId, "users");
                await db.SaveChangesAsync();
            }
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }
}
