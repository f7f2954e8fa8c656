using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

internal static class UserOwnedMapping
{
    /// <summary>
    /// Identity's per-user tables get a tenant_id (filled from the session by default) and a
    /// same-tenant foreign key to their user, so RLS can scope them like every other tenant table.
    /// </summary>
    public static void MapUserOwned<T>(this EntityTypeBuilder<T> entity) where T : class
    {
        entity.Property<Guid>("TenantId").HasDefaultValueSql(ColumnMapping.CurrentTenantSql);
        entity.HasOne<Entities.User>().WithMany().HasForeignKey("TenantId", "UserId")
            .HasPrincipalKey("TenantId", "Id").OnDelete(DeleteBehavior.Cascade);
    }
}
