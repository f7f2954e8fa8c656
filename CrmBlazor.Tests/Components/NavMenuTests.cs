using Bunit;
using CrmBlazor.Components.Layout;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Components;

public sealed class NavMenuTests : CrmBunitContext
{
    [Fact]
    public void Navigation_lists_every_area_of_the_crm_and_admin_to_those_who_may_administer()
    {
        AddAuthorization().SetAuthorized("Alex Admin").SetPolicies(nameof(Permission.Administer));

        Assert.Equal(
            [("Dashboard", "/"), ("Contacts", "/contacts"), ("Companies", "/companies"),
             ("Pipeline", "/pipeline"), ("Activities", "/activities"), ("Trash", "/trash"), ("Admin", "/admin")],
            Links(Render<NavMenu>()));
    }

    [Fact]
    public void Someone_who_may_not_administer_is_not_offered_admin()
    {
        AddAuthorization().SetAuthorized("Maria Member");

        Assert.DoesNotContain(("Admin", "/admin"), Links(Render<NavMenu>()));
        Assert.Contains(("Pipeline", "/pipeline"), Links(Render<NavMenu>()));
    }

    private static List<(string Text, string? Href)> Links(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a").Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href"))).ToList();
}
