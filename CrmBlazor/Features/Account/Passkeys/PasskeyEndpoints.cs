using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace CrmBlazor.Features.Account.Passkeys;

/// <summary>
/// The options a browser needs before navigator.credentials.create() or .get(), fetched by
/// PasskeySubmit.razor.js. Both are POSTs carrying the page's antiforgery token, as the forms do.
/// </summary>
public static class PasskeyEndpoints
{
    public static void MapPasskeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/PasskeyCreationOptions", async (
            HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] PasskeyService passkeys) =>
        {
            return await antiforgery.IsRequestValidAsync(http)
                ? Results.Content(await passkeys.MakeCreationOptionsAsync(), "application/json")
                : Results.BadRequest();
        }).RequireAuthorization().DisableAntiforgery();

        endpoints.MapPost("/Account/PasskeyRequestOptions", async (
            HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] SignInService signIn) =>
        {
            return await antiforgery.IsRequestValidAsync(http)
                ? Results.Content(await signIn.MakePasskeyRequestOptionsAsync(), "application/json")
                : Results.BadRequest();
        }).AllowAnonymous().DisableAntiforgery();
    }
}
