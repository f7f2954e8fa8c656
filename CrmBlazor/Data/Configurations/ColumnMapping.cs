using System.Linq.Expressions;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

/// <summary>The column conventions every tenant table shares, mapped once.</summary>
public static class ColumnMapping
{
    public const string CurrentTenantSql = "NULLIF(current_setting('app.tenant_id', true), '')::uuid";
    public const string CurrentUserSql = "NULLIF(current_setting('app.user_id', true), '')::uuid";

    /// <summary>tenant_id (defaulting to the session's tenant) with a cascading FK to tenants.</summary>
    public static void MapTenantId<T>(this EntityTypeBuilder<T> entity) where T : class
    {
        entity.Property<Guid>("TenantId").HasDefaultValueSql(CurrentTenantSql);
        entity.HasOne<Tenant>().WithMany().HasForeignKey("TenantId").OnDelete(DeleteBehavior.Cascade);
    }

    /// <summary>created_at/updated_at default now(); created_by/updated_by default the session's user.</summary>
    public static void MapStamps<T>(this EntityTypeBuilder<T> entity) where T : class
    {
        entity.Property<DateTimeOffset>("CreatedAt").HasDefaultValueSql("now()");
        entity.Property<DateTimeOffset>("UpdatedAt").HasDefaultValueSql("now()");
        entity.Property<Guid?>("CreatedBy").HasDefaultValueSql(CurrentUserSql);
        entity.Property<Guid?>("UpdatedBy").HasDefaultValueSql(CurrentUserSql);
    }

    /// <summary>
    /// The shared shape of an entity table: generated id, tenant, stamps, xmin concurrency token, and
    /// the (tenant_id, id) key that composite foreign keys point at so no row can reference another tenant's.
    /// </summary>
    public static void MapTenantEntity<T>(this EntityTypeBuilder<T> entity) where T : TenantEntity
    {
        entity.Property(e => e.Id).HasDefaultValueSql("gen_random_uuid()");
        entity.MapTenantId();
        entity.MapStamps();
        entity.Property(e => e.Version).IsRowVersion();
        entity.HasAlternateKey(e => new { e.TenantId, e.Id });
    }

    /// <summary>
    /// A same-tenant reference: (tenant_id, <paramref name="foreignKey"/>) → principal (tenant_id, id), so a row can never
    /// point at another tenant's. Hard deletes that should null only <paramref name="foreignKey"/> are set in Sql/foreign_keys.sql.
    /// </summary>
    public static void References<TDependent, TPrincipal>(
        this EntityTypeBuilder<TDependent> entity, Expression<Func<TDependent, TPrincipal?>>? navigation,
        string foreignKey, DeleteBehavior onDelete)
        where TDependent : class where TPrincipal : class
    {
        var reference = navigation is null ? entity.HasOne<TPrincipal>() : entity.HasOne(navigation);
        reference.WithMany().HasForeignKey("TenantId", foreignKey).HasPrincipalKey("TenantId", "Id").OnDelete(onDelete);
    }

    /// <summary>
    /// A same-tenant collection that belongs to its parent: each child's (tenant_id, <paramref name="foreignKey"/>)
    /// → the parent's (tenant_id, id), and the children are deleted with the parent.
    /// </summary>
    public static void HasChildren<TParent, TChild>(
        this EntityTypeBuilder<TParent> entity, Expression<Func<TParent, IEnumerable<TChild>?>> children, string foreignKey)
        where TParent : class where TChild : class =>
        entity.HasMany(children).WithOne().HasForeignKey("TenantId", foreignKey).HasPrincipalKey("TenantId", "Id")
            .OnDelete(DeleteBehavior.Cascade);
}
