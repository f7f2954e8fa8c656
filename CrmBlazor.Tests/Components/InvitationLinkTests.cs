using Bunit;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Components;

public sealed class InvitationLinkTests : CrmBunitContext
{
    [Fact]
    public void The_link_is_shown_read_only_and_the_copy_button_puts_it_on_the_clipboard()
    {
        const string link = "http://crm.test/Account/AcceptInvitation?email=ivy%40example.com&token=abc";
        var cut = Render<InvitationLink>(p => p.Add(c => c.Link, link).Add(c => c.For, "Ivy Invitee"));

        var input = cut.Find("input");
        Assert.Equal(link, input.GetAttribute("value"));
        Assert.True(input.HasAttribute("readonly"));
        Assert.Contains("valid for 7 days and works once", cut.Markup);

        cut.Find("button[aria-label='Copy link']").Click();

        Assert.Equal(link, JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments.Single());
        cut.WaitForAssertion(() => Assert.Contains("Copied.", cut.Markup));
    }
}
