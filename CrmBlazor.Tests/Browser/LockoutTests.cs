using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class LockoutTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private const string Email = "maria.lopez@crm.local";

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused_with_the_time()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await page.SignInAsync(Email, $"wrong-password-{attempt}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid email or password");
        }
        await page.SignInAsync(Email, "wrong-password-5");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked");

        await page.SignInAsync(Email, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"locked .* Try again after \d\d:\d\d UTC"));

        await using var owner = await DbSession.OpenAsync(site.Database.OwnerConnectionString);
        const string events = """
            select string_agg(a.event || coalesce(':' || (a.new_data ->> 'detail'), ''), ',' order by a.id)
            from audit_logs a join users u on u.id = a.record_id
            where u.normalized_email = upper(@e) and a.action = 'event'
            """;
        var trail = await owner.ScalarAsync<string>(events, ("e", Email));
        Assert.Equal(5, trail.Split(',').Count(e => e == "login.failed:bad_password"));
        Assert.Single(trail.Split(','), e => e.StartsWith("lockout:until"));
        Assert.Single(trail.Split(','), e => e == "login.failed:locked_out");
        Assert.DoesNotContain("login,", trail + ",");
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        await page.SignInAsync("nobody-here@crm.local", "whatever-password");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Error: Invalid email or password.");
    }
}
