using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Hardening;

/// <summary>
/// The data protection keys (they sign login cookies) are stored encrypted with the configured
/// certificate, and crm_app may read and add keys but not rewrite or remove them.
/// </summary>
public sealed class KeyRingTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stored_key_holds_no_plaintext_master_key_and_still_protects_the_sign_in_form()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        var client = app.CreateClient();

        // The form's antiforgery token makes the key ring create its first key; a second app reads it back.
        var page = await client.GetAsync("/Account/Login", Ct);
        await using var again = new CrmAppFactory(database.AppConnectionString);
        var signIn = await AccountForms.PostSignInAsync(again.CreateClient(), "key.ring@example.com");

        page.EnsureSuccessStatusCode();
        Assert.Equal(System.Net.HttpStatusCode.OK, signIn.StatusCode);
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        var xml = await owner.ScalarAsync<string>("select string_agg(xml, '') from data_protection_keys");
        Assert.Contains("<encryptedSecret", xml);
        Assert.Contains("<EncryptedData", xml);
        Assert.DoesNotContain("<masterKey", xml);
    }

    [Fact]
    public async Task The_app_may_read_and_add_keys_but_not_rewrite_or_remove_them()
    {
        await using var app = await DbSession.OpenAsync(database.AppConnectionString);

        await app.ExecuteAsync("insert into data_protection_keys (friendly_name, xml) values ('key-test', '<key/>')");
        Assert.Equal(1L, await app.ScalarAsync<long>("select count(*) from data_protection_keys where friendly_name = 'key-test'"));
        await DbAssert.FailsAsync("42501", () => app.ExecuteAsync("update data_protection_keys set xml = '<forged/>'"));
        await DbAssert.FailsAsync("42501", () => app.ExecuteAsync("delete from data_protection_keys"));
        await DbAssert.FailsAsync("42501", () => app.ExecuteAsync("truncate data_protection_keys"));
    }

    [Fact]
    public async Task Outside_development_the_app_refuses_to_serve_without_a_key_ring_certificate()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString, settings: new Dictionary<string, string>
        {
            ["Security:DataProtection:CertificatePath"] = "",
        });

        var refusal = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("CertificatePath is not set", refusal.ToString());
    }
}
