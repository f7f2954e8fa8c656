using Bunit;
using CrmBlazor.Components.Layout;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Components;

public sealed class NavMenuTests : CrmBunitContext
{
    [Fact]
    public void Navigation_lists_every_area_of_the_crm()
    {
        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href"))).ToList();
        Assert.Equal(
            [("Dashboard", "/"), ("Contacts", "/contacts"), ("Companies", "/companies"),
             ("Pipeline", "/pipeline"), ("Activities", "/activities"), ("Admin", "/admin")],
            links);
    }
}
