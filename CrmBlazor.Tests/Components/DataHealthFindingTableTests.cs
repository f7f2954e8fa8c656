using Bunit;
using CrmBlazor.Features.Health;
using CrmBlazor.Setup;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Components;

/// <summary>Data health's table of checks: each example links to its record, with how many more there are, and a check that could not run says so.</summary>
public sealed class DataHealthFindingTableTests : CrmBunitContext
{
    [Fact]
    public void Each_example_links_to_its_record_and_the_rest_are_counted()
    {
        var contact = Guid.NewGuid();
        var cut = Render<IntegrityFindingTable>(p => p.Add(t => t.Checks, new List<IntegrityFinding>
        {
            new(IntegrityCheck.ReferencesToDeletedRows, 7, ["contacts 1 → deleted companies 2", "tally"], Links: [$"/contacts/{contact}", null]),
            new(IntegrityCheck.DealsWithoutPrimaryCustomer, 0, []),
            new(IntegrityCheck.DealsInForeignStage, 0, [], Error: "relation \"deals\" does not exist"),
        }));

        var rows = cut.FindAll("[data-testid=health-check]");
        Assert.Equal(3, rows.Count);
        var link = Assert.Single(rows[0].QuerySelectorAll("a"));
        Assert.Equal($"/contacts/{contact}", link.GetAttribute("href"));
        Assert.Equal("contacts 1 → deleted companies 2", link.TextContent);
        Assert.Contains("tally", rows[0].TextContent);
        Assert.Contains("and 5 more", rows[0].TextContent);
        Assert.Equal("7", rows[0].QuerySelector("[data-testid=check-count]")!.TextContent.Trim());
        Assert.Equal("0", rows[1].QuerySelector("[data-testid=check-count]")!.TextContent.Trim());
        Assert.Contains("Could not run", rows[2].TextContent);
        Assert.Contains("2 of 3 checks found something to put right.", cut.Markup);
    }
}
