using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

/// <summary>
/// Identity's passkeys, mapped here rather than by IdentitySchemaVersions.Version3: that version would
/// also change users' and the other Identity tables' columns, and `dotnet ef` (which sees no
/// IdentityOptions) would build a different model from the app. Like Identity's other per-user tables,
/// each row carries its user's tenant (row-level security, Sql/passkeys.sql).
/// </summary>
public class UserPasskeyConfiguration : IEntityTypeConfiguration<IdentityUserPasskey<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserPasskey<Guid>> passkey)
    {
        passkey.ToTable("user_passkeys");
        passkey.HasKey(p => p.CredentialId);
        // The WebAuthn spec caps a credential id at 1023 bytes.
        passkey.Property(p => p.CredentialId).HasMaxLength(1024);
        passkey.OwnsOne(p => p.Data).ToJson();
        passkey.HasOne<Entities.User>().WithMany().HasForeignKey(p => p.UserId).IsRequired();
        passkey.MapUserOwned();
    }
}
