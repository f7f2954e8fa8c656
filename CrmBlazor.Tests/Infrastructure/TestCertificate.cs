using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// The certificate that encrypts the test apps' data protection keys, as ./crm run's does the local
/// app's: self-signed, made once per test run into a temporary PKCS#12 file with a random password.
/// </summary>
public static class TestCertificate
{
    private static readonly Lazy<(string Path, string Password)> File = new(Create);

    public static string Path => File.Value.Path;
    public static string Password => File.Value.Password;

    private static (string, string) Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CrmBlazor test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crm-test-keyring-{Environment.ProcessId}.pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return (path, password);
    }
}
