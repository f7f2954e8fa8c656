using Bunit;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Components;

/// <summary>The lists' Import button, for the roles of the demo tenant.</summary>
public sealed class ImportButtonTests(CrmDatabase database) : DemoAppBunitContext(database)
{
    [Fact]
    public async Task A_member_gets_a_link_to_the_import_of_the_lists_kind()
    {
        await ActAsAsync(DemoTenant.Member);

        var button = Render<ImportButton>(p => p.Add(b => b.Kind, ImportKind.Companies));

        var link = button.Find("a");
        Assert.Equal("/import?kind=companies", link.GetAttribute("href"));
        Assert.Equal("Import", link.TextContent.Trim());
    }

    [Fact]
    public async Task A_viewer_gets_no_import_button()
    {
        await ActAsAsync(DemoTenant.Viewer);

        var button = Render<ImportButton>(p => p.Add(b => b.Kind, ImportKind.Contacts));

        Assert.Empty(button.FindAll("a, button"));
    }
}
