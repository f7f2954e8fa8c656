using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace CrmBlazor.Features.Security;

/// <summary>
/// The certificate that encrypts the data protection keys before they are stored in PostgreSQL, so a
/// copy of the database (a backup, a replica) does not hold the keys that sign login cookies.
/// Configured as Security:DataProtection:CertificatePath and the password in CertificatePassword
/// (an environment variable, Security__DataProtection__CertificatePassword) or CertificatePasswordFile;
/// never on a command line. ./crm run makes a self-signed one in .data/ once.
/// </summary>
public static class KeyRingCertificate
{
    public const string Section = "Security:DataProtection";

    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder keys, IConfiguration configuration)
    {
        if (Load(configuration.GetSection(Section)) is not { } certificate) return keys;
        // Unprotect with it too: on Linux the decryptor finds no certificate store to look the thumbprint up in.
        return keys.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(Section)["CertificatePath"]);

    private static X509Certificate2? Load(IConfigurationSection settings)
    {
        var path = settings["CertificatePath"];
        if (string.IsNullOrWhiteSpace(path)) return null;
        var password = settings["CertificatePassword"];
        if (string.IsNullOrEmpty(password) && settings["CertificatePasswordFile"] is { Length: > 0 } passwordFile)
            password = File.ReadAllText(passwordFile).Trim();
        return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
    }
}
