using Bunit;
using CrmBlazor.Features.Companies;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Hardening;

/// <summary>A website renders as a link that opens apart from the CRM (noopener noreferrer), and only when it is an http(s) address.</summary>
public sealed class WebsiteLinkTests : CrmBunitContext
{
    [Fact]
    public void A_website_link_opens_in_a_new_tab_without_opener_or_referrer()
    {
        var link = Render<WebsiteLink>(p => p.Add(l => l.Address, "https://acme.example/about")).Find("a");

        Assert.Equal("https://acme.example/about", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,x")]
    public void A_stored_website_that_is_not_http_is_shown_as_text(string stored)
    {
        var rendered = Render<WebsiteLink>(p => p.Add(l => l.Address, stored));

        Assert.Empty(rendered.FindAll("a"));
        Assert.Contains(stored, rendered.Markup);
    }
}
