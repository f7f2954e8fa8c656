using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Steps the two-factor and passkey flows share.</summary>
internal static class AccountSteps
{
    public static async Task SignOutAsync(this IPage page)
    {
        await page.GotoAsync("/");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
    }

    /// <summary>Sets up the authenticator app from the profile; returns the shared key and the recovery codes shown once.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableAuthenticatorAsync(this IPage page)
    {
        await page.GotoAsync("/Account/Manage");
        await page.GetByRole(AriaRole.Link, new() { Name = "Two-factor sign-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code of the key" }).Locator("svg")).ToBeVisibleAsync();
        var key = await page.GetByTestId("shared-key").InnerTextAsync();
        await page.GetByLabel("Verification code").FillAsync(Totp.CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        var codes = page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem);
        await Expect(codes).ToHaveCountAsync(10);
        return (key, await codes.AllInnerTextsAsync());
    }

    public static async Task<string> AuditEventsAsync(CrmDatabase database, string email)
    {
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        return await owner.ScalarAsync<string>("""
            select coalesce(string_agg(a.event || coalesce(':' || (a.new_data ->> 'detail'), ''), ',' order by a.id), '')
            from audit_logs a join users u on u.id = a.record_id
            where u.normalized_email = upper(@e) and a.action = 'event'
            """, ("e", email));
    }
}
