using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// The database tidies a company's website and domain as the app does (web_addresses.sql), whoever writes
/// them: a website is never stored as a relative link, and a domain typed as a URL is stored as its host.
/// </summary>
public sealed class WebAddressRuleTests(CrmDatabase database) : TenantSessionTests(database)
{
    [Fact]
    public async Task A_website_without_a_scheme_is_stored_with_https_and_a_url_as_domain_as_its_host()
    {
        var id = await Session.ScalarAsync<Guid>("""
            insert into companies (name, website, domain) values ('Tidy Co', 'tidy.example/about', 'https://www.Tidy-Co.Example/path?x=1')
            returning id
            """);

        Assert.Equal("https://tidy.example/about", await Session.ScalarAsync<string>("select website from companies where id = @id", ("id", id)));
        Assert.Equal("tidy-co.example", await Session.ScalarAsync<string>("select domain from companies where id = @id", ("id", id)));
    }

    [Fact]
    public async Task An_update_is_tidied_too_and_an_absolute_website_is_kept_as_typed()
    {
        var id = await Session.ScalarAsync<Guid>("insert into companies (name, website) values ('Kept Co', 'http://kept.example/Path') returning id");
        Assert.Equal("http://kept.example/Path", await Session.ScalarAsync<string>("select website from companies where id = @id", ("id", id)));

        await Session.ExecuteAsync("update companies set website = 'www.kept.example', domain = 'WWW.KEPT.EXAMPLE.' where id = @id", ("id", id));

        Assert.Equal("https://www.kept.example", await Session.ScalarAsync<string>("select website from companies where id = @id", ("id", id)));
        Assert.Equal("kept.example", await Session.ScalarAsync<string>("select domain from companies where id = @id", ("id", id)));
    }
}
