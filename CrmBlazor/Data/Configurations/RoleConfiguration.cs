using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    // Fixed ids so the migration that inserts the roles is the same on every database.
    public static readonly IReadOnlyList<Role> Roles =
    [
        Fixed("0b9d6f2e-0000-4000-8000-000000000001", Role.Owner),
        Fixed("0b9d6f2e-0000-4000-8000-000000000002", Role.Admin),
        Fixed("0b9d6f2e-0000-4000-8000-000000000003", Role.Member),
        Fixed("0b9d6f2e-0000-4000-8000-000000000004", Role.Viewer),
    ];

    public void Configure(EntityTypeBuilder<Role> role)
    {
        role.ToTable("roles");
        role.Property(r => r.Name).HasMaxLength(64);
        role.Property(r => r.NormalizedName).HasMaxLength(64);
        role.HasIndex(r => r.NormalizedName).IsUnique().HasDatabaseName("ux_roles_normalized_name");
        role.HasData(Roles);
    }

    private static Role Fixed(string id, string name) => new()
    {
        Id = Guid.Parse(id),
        Name = name,
        NormalizedName = name.ToUpperInvariant(),
        ConcurrencyStamp = id,
    };
}
