using CrmBlazor.Data.Entities;
using System.Text;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Features.Api.Keys;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public enum Visitor { Anonymous, Owner, Admin, Member, Viewer }

/// <summary>A dialog opened on a page (as one visitor: its markup does not depend on the role) and closed with its Cancel (or Close) button.</summary>
public sealed record TourDialog(string Name, Visitor As, Func<IPage, Task> Open, Func<ILocator, Task>? Ready = null, string CloseButton = "Cancel");

/// <summary>
/// One page of the tour: the route it covers, the address opened (records of the demo tenant filled
/// in), who opens it, what shows that it has finished loading, and the dialogs opened on it.
/// </summary>
public sealed record TourStop(
    string Route, Func<TourRecords, string> Url, Visitor[] Visitors, Func<IPage, Task> Ready, bool Interactive = true,
    TourDialog[]? Dialogs = null);

/// <summary>
/// Records of the demo tenant worth looking at, each with tags, links and sub-lists so its page shows all
/// it can; a pending invitation (its link, and an Invited row on the users page); and an import being
/// reviewed, one of its rows invalid.
/// </summary>
public sealed record TourRecords(Guid Contact, Guid Company, Guid Deal, string Invitation, Guid Import)
{
    public static async Task<TourRecords> LoadAsync(CrmAppFactory app)
    {
        string invitation;
        await using (var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Admin))
        {
            var invited = await scope.ServiceProvider.GetRequiredService<UserAdminService>().InviteAsync(
                // An address of its own each time: several tours (one per screen width) may walk the same site.
                new InviteForm { Email = $"ines.invited.{Guid.NewGuid():N}@crm.local", FullName = "Ines Invited", Role = Role.Member });
            invitation = "/" + (invited.InvitationPath ?? throw new InvalidOperationException(string.Join(" ", invited.Errors.Values)));
            // A row on the API keys page, with its scopes, dates and Revoke button.
            await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(
                new ApiKeyForm { Name = "Tour key", Scopes = ["contacts:read", "deals:write"], ExpiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        }
        var import = await ReviewedImportAsync(app);
        await using var db = await DemoTenant.OpenSessionAsync(app, DemoTenant.Owner);
        var contact = await db.ScalarAsync<Guid>("""
            select c.id from contacts c
            where c.deleted_at is null and c.company_id is not null
              and exists (select from deals d where d.contact_id = c.id and d.deleted_at is null)
            order by (select count(*) from contact_tags t where t.contact_id = c.id) desc, c.last_name, c.id limit 1
            """);
        var company = await db.ScalarAsync<Guid>("""
            select co.id from companies co where co.deleted_at is null
            order by (select count(*) from deals d where d.company_id = co.id and d.deleted_at is null) desc, co.name limit 1
            """);
        var deal = await db.ScalarAsync<Guid>("""
            select d.id from deals d where d.deleted_at is null
              and exists (select from deal_tags t where t.deal_id = d.id)
              and exists (select from deal_participants p where p.deal_id = d.id)
            order by d.title, d.id limit 1
            """);
        return new TourRecords(contact, company, deal, invitation, import);
    }

    private static async Task<Guid> ReviewedImportAsync(CrmAppFactory app)
    {
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Member);
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        var csv = "First Name,Last Name,Email\r\nTessa,Tour,tessa.tour@example.com\r\nNo,Email,not-an-email\r\n";
        var (upload, problem) = await imports.UploadAsync(ImportKind.Contacts, "tour.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        if (upload is null) throw new InvalidOperationException(problem);
        var reviewed = await imports.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested));
        if (!reviewed.Succeeded) throw new InvalidOperationException(reviewed.Problem ?? string.Join(" ", reviewed.Errors.Values));
        return upload.JobId;
    }
}

/// <summary>
/// Every page of the app, as every role that may open it, with its main dialogs: what the accessibility
/// and phone-width tests look at. A page added to the app fails <c>Every_route_is_on_the_tour_or_skipped_for_a_reason</c>
/// until it is added here (or to <see cref="Skipped"/> with a reason).
/// </summary>
public static class SiteTour
{
    private static readonly Visitor[] SignedIn = [Visitor.Owner, Visitor.Admin, Visitor.Member, Visitor.Viewer];
    private static readonly Visitor[] Administrators = [Visitor.Owner, Visitor.Admin];
    private static readonly Visitor[] NotAdministrators = [Visitor.Member, Visitor.Viewer];
    private static readonly Visitor[] Editors = [Visitor.Owner, Visitor.Admin, Visitor.Member];

    /// <summary>Routes deliberately not on the tour, each with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Skipped = new Dictionary<string, string>
    {
        ["/dev/mail"] = "Development only: the tested app runs as Production, where it answers 404 (PasswordResetFlowTests)",
        // Not yet on the accessibility tour (issue 15's pages, added at its merge); each is walked by its flow test.
        ["/Account/LoginWith2fa"] = "needs a password sign-in pending its second step (TwoFactorFlowTests)",
        ["/Account/LoginWithRecoveryCode"] = "needs a password sign-in pending its second step (TwoFactorFlowTests)",
        ["/Account/Manage/TwoFactorAuthentication"] = "not yet scanned on the tour; TwoFactorFlowTests walks it",
        ["/Account/Manage/EnableAuthenticator"] = "not yet scanned on the tour; TwoFactorFlowTests walks it",
        ["/Account/Manage/GenerateRecoveryCodes"] = "not yet scanned on the tour; TwoFactorFlowTests walks it",
        ["/Account/Manage/ResetAuthenticator"] = "not yet scanned on the tour; resets the visitor's authenticator",
        ["/Account/Manage/Disable2fa"] = "not yet scanned on the tour; needs two-factor on for the visitor",
        ["/Account/Manage/Passkeys"] = "not yet scanned on the tour; PasskeyFlowTests walks it",
        ["/Account/Manage/RenamePasskey/{Id}"] = "needs a passkey of the visitor's (PasskeyFlowTests)",
    };

    // Dialogs left out: Edit company, Edit deal, Edit tag and Rename pipeline are the New dialogs filled in;
    // Deal lost (the lost reason) opens only when a deal is dragged into a lost stage.
    public static readonly IReadOnlyList<TourStop> Stops =
    [
        new("/", _ => "/", SignedIn, page => Expect(page.GetByTestId("figure-contacts")).ToBeVisibleAsync(),
            Dialogs: [new("Search everything", Visitor.Member, ClickAsync("Search everything"), SearchResultsAsync("Fabrikam"), CloseButton: "Close")]),
        new("/contacts", _ => "/contacts", SignedIn, FirstRowLinkAsync,
            Dialogs: [new("New contact", Visitor.Member, ClickAsync("New contact"), HasFieldAsync("First name"))]),
        new("/contacts/{Id:guid}", records => $"/contacts/{records.Contact}", SignedIn, HeadingAsync("Timeline"),
            Dialogs:
            [
                new("Edit contact", Visitor.Member, ClickAsync("Edit"), HasFieldAsync("First name")),
                new("New deal", Visitor.Member, ClickAsync("New deal"), HasFieldAsync("Title")),
                new("Log a call", Visitor.Member, ClickAsync("Log a call"), HasFieldAsync("Subject")),
            ]),
        new("/companies", _ => "/companies", SignedIn, FirstRowLinkAsync,
            Dialogs: [new("New company", Visitor.Member, ClickAsync("New company"), HasFieldAsync("Name"))]),
        new("/companies/{Id:guid}", records => $"/companies/{records.Company}", SignedIn, HeadingAsync("Deals")),
        new("/deals/{Id:guid}", records => $"/deals/{records.Deal}", SignedIn,
            page => Expect(page.GetByTestId("participant-row").First).ToBeVisibleAsync()),
        new("/pipeline", _ => "/pipeline", SignedIn, page => Expect(page.GetByTestId("board-column").First).ToBeVisibleAsync()),
        new("/pipeline", _ => "/pipeline?view=list", SignedIn, FirstRowLinkAsync),
        new("/activities", _ => "/activities", SignedIn, page => Expect(page.GetByTestId("task-group-overdue")).ToBeVisibleAsync(),
            Dialogs: [new("New activity", Visitor.Member, ClickAsync("New activity"), HasFieldAsync("Subject"))]),
        new("/trash", _ => "/trash", SignedIn, HeadingAsync("Trash")),
        new("/import", _ => "/import?kind=contacts", Editors, page => Expect(page.GetByLabel("Choose a CSV file")).ToBeEnabledAsync()),
        new("/import/{JobId:guid}", records => $"/import/{records.Import}", Editors,
            page => Expect(page.GetByTestId("import-issue").First).ToBeVisibleAsync(new() { Timeout = 30_000 })),
        // A viewer meets the refusal, the same as on the admin pages.
        new("/import", _ => "/import", [Visitor.Viewer], HeadingAsync("Access denied"), Interactive: false),
        new("/admin", _ => "/admin", Administrators, HeadingAsync("Pipelines")),
        // The others meet the refusal instead; it is the same message on every admin page.
        new("/admin", _ => "/admin", NotAdministrators, HeadingAsync("Access denied"), Interactive: false),
        new("/admin/users", _ => "/admin/users", Administrators,
            page => Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoTenant.Member })).ToBeVisibleAsync(),
            Dialogs:
            [
                new("Invite user", Visitor.Admin, ClickAsync("Invite user"), HasFieldAsync("Email")),
                new("Deactivate user", Visitor.Admin, page => page.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoTenant.Member })
                    .GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync()),
            ]),
        new("/admin/tags", _ => "/admin/tags", Administrators,
            page => Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit VIP" })).ToBeVisibleAsync(),
            Dialogs:
            [
                new("New tag", Visitor.Admin, ClickAsync("New tag"), HasFieldAsync("Name")),
                new("Merge tag", Visitor.Admin, ClickAsync("Merge VIP"), HasFieldAsync("Merge into")),
                new("Delete tag", Visitor.Admin, ClickAsync("Delete VIP")),
            ]),
        new("/admin/pipelines", _ => "/admin/pipelines", Administrators,
            page => Expect(page.GetByRole(AriaRole.Group, new() { Name = "Stage Proposal" })).ToBeVisibleAsync(),
            Dialogs:
            [
                new("New pipeline", Visitor.Admin, ClickAsync("New pipeline"), HasFieldAsync("Name")),
                new("Add stage", Visitor.Admin, ClickAsync("Add stage"), HasFieldAsync("Name")),
                new("Stage color", Visitor.Admin, ClickAsync("Color of Proposal: #7986CB"), HasFieldAsync("Color")),
                new("Delete stage", Visitor.Admin, ClickAsync("Delete Proposal")),
            ]),
        new("/admin/audit", _ => "/admin/audit", Administrators,
            page => Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Details of entry") }).First).ToBeVisibleAsync()),
        new("/admin/health", _ => "/admin/health", Administrators, HeadingAsync("Checks")),
        new("/admin/api-keys", _ => "/admin/api-keys", Administrators,
            page => Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Tour key" }).First).ToBeVisibleAsync(),
            Dialogs: [new("New API key", Visitor.Admin, ClickAsync("New API key"), HasFieldAsync("Name"))]),
        new("/admin/webhooks", _ => "/admin/webhooks", Administrators, HeadingAsync("Webhooks"),
            Dialogs: [new("Add endpoint", Visitor.Admin, ClickAsync("Add endpoint"), HasFieldAsync("URL"))]),
        new("/not-found", _ => "/not-found", [Visitor.Anonymous, .. SignedIn], HeadingAsync("Not found")),
        new("/Account/Manage", _ => "/Account/Manage", SignedIn, HeadingAsync("Your profile"), Interactive: false),
        new("/Account/Manage/ChangePassword", _ => "/Account/Manage/ChangePassword", SignedIn, HeadingAsync("Change password"),
            Interactive: false),
        new("/Account/Login", _ => "/Account/Login", [Visitor.Anonymous], HeadingAsync("Log in"), Interactive: false),
        new("/Account/Register", _ => "/Account/Register", [Visitor.Anonymous], HeadingAsync("Create your organization's account"),
            Interactive: false),
        new("/Account/AccessDenied", _ => "/Account/AccessDenied", [Visitor.Anonymous], HeadingAsync("Access denied"), Interactive: false),
        new("/Account/AcceptInvitation", records => records.Invitation, [Visitor.Anonymous],
            page => Expect(page.GetByLabel("Confirm password")).ToBeVisibleAsync(), Interactive: false),
        new("/Account/AcceptInvitation", _ => "/Account/AcceptInvitation?email=nobody%40example.com&code=not-a-code", [Visitor.Anonymous],
            page => Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync(), Interactive: false),
        new("/Account/RegisterConfirmation", _ => "/Account/RegisterConfirmation", [Visitor.Anonymous], HeadingAsync("Check your mail"), Interactive: false),
        new("/Account/ConfirmEmail", _ => "/Account/ConfirmEmail?userId=00000000-0000-0000-0000-000000000001&code=not-a-code", [Visitor.Anonymous],
            page => Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync(), Interactive: false),
        new("/Account/ResendConfirmation", _ => "/Account/ResendConfirmation", [Visitor.Anonymous], HeadingAsync("Send the confirmation again"),
            Interactive: false),
        new("/Account/ForgotPassword", _ => "/Account/ForgotPassword", [Visitor.Anonymous], HeadingAsync("Forgot your password?"), Interactive: false),
        new("/Account/ForgotPasswordConfirmation", _ => "/Account/ForgotPasswordConfirmation", [Visitor.Anonymous], HeadingAsync("Check your mail"),
            Interactive: false),
        new("/Account/ResetPassword", _ => "/Account/ResetPassword?userId=00000000-0000-0000-0000-000000000001&code=bm90LWEtY29kZQ", [Visitor.Anonymous],
            page => Expect(page.GetByLabel("Confirm password")).ToBeVisibleAsync(), Interactive: false),
        new("/Account/ResetPasswordConfirmation", _ => "/Account/ResetPasswordConfirmation", [Visitor.Anonymous], HeadingAsync("Password changed"),
            Interactive: false),
        new("/Error", _ => "/Error", [Visitor.Anonymous], HeadingAsync("Sorry, that didn't work"), Interactive: false),
    ];

    public static string EmailOf(Visitor visitor) => visitor switch
    {
        Visitor.Owner => DemoTenant.Owner,
        Visitor.Admin => DemoTenant.Admin,
        Visitor.Member => DemoTenant.Member,
        Visitor.Viewer => DemoTenant.Viewer,
        _ => throw new ArgumentOutOfRangeException(nameof(visitor), visitor, "An anonymous visitor has no email."),
    };

    /// <summary>
    /// Opens every stop as every visitor in one browser context per visitor, at VIEWPORT, and hands each
    /// screen to JUDGE with a name saying who looks at what: a page once it has loaded (the whole document),
    /// then each of its dialogs once open (the dialog: the page behind it has been judged already).
    /// </summary>
    public static async Task WalkAsync(DemoSite site, Chromium chromium, ViewportSize viewport, Func<ILocator, string, Task> judge)
    {
        var records = await TourRecords.LoadAsync(site.App);
        foreach (var visitor in Enum.GetValues<Visitor>())
        {
            var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
            await using var _ = context;
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
            if (visitor != Visitor.Anonymous)
            {
                await page.SignInAsync(EmailOf(visitor), CrmAppFactory.DemoPassword);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
            }
            foreach (var stop in Stops.Where(s => s.Visitors.Contains(visitor)))
            {
                var url = stop.Url(records);
                await OpenAsync(page, stop, url);
                await judge(page.Locator("html"), $"{visitor} on {url}");
                foreach (var dialog in (stop.Dialogs ?? []).Where(d => d.As == visitor))
                {
                    await dialog.Open(page);
                    var shown = page.GetByRole(AriaRole.Dialog);
                    await Expect(shown).ToBeVisibleAsync();
                    if (dialog.Ready is not null) await dialog.Ready(shown);
                    await page.WaitForAnimationsAsync();
                    await judge(shown, $"{visitor} on {url}, dialog {dialog.Name}");
                    await shown.GetByRole(AriaRole.Button, new() { Name = dialog.CloseButton, Exact = true }).ClickAsync();
                    await Expect(shown).ToHaveCountAsync(0);
                }
            }
        }
    }

    private static async Task OpenAsync(IPage page, TourStop stop, string url)
    {
        await page.GotoAsync(url);
        if (stop.Interactive) await page.WaitForCircuitAsync();
        await stop.Ready(page);
        await page.WaitForAnimationsAsync();
    }

    private static Func<IPage, Task> ClickAsync(string button) =>
        page => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    private static Func<IPage, Task> HeadingAsync(string name) =>
        page => Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync();

    private static Func<ILocator, Task> HasFieldAsync(string label) =>
        dialog => Expect(dialog.GetByLabel(label, new() { Exact = true }).First).ToBeVisibleAsync();

    /// <summary>The search-everything box showing results of each kind, one of them highlighted.</summary>
    private static Func<ILocator, Task> SearchResultsAsync(string search) => async dialog =>
    {
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Search everything" }).FillAsync(search);
        await Expect(dialog.GetByRole(AriaRole.Option, new() { Selected = true })).ToBeVisibleAsync();
    };

    /// <summary>A list page has loaded its rows: the first row's link (a name or title) shows.</summary>
    private static Task FirstRowLinkAsync(IPage page) =>
        Expect(page.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Link).First).ToBeVisibleAsync();
}
