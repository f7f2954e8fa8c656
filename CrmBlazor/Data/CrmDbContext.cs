using CrmBlazor.Data.Configurations;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Data;

/// <summary>
/// The CRM's database. Contexts come from a process-wide pool (<see cref="TenantDbContextFactory"/>),
/// so one is told whom it acts for by <see cref="ActAs"/> each time it is handed out; until then,
/// and again once disposed, it acts for no tenant and sees nothing.
/// </summary>
public class CrmDbContext(DbContextOptions<CrmDbContext> options)
    : IdentityDbContext<User, Role, Guid>(options), IDataProtectionKeyContext
{
    private ITenantContext tenant = NoTenant.Instance;

    /// <summary>Names of the two query filters, for <c>IgnoreQueryFilters([...])</c>.</summary>
    public const string TenantFilter = "tenant";
    public const string NotDeletedFilter = "not_deleted";

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<CompanyRole> CompanyRoles => Set<CompanyRole>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactTally> ContactTallies => Set<ContactTally>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ContactTag> ContactTags => Set<ContactTag>();
    public DbSet<CompanyTag> CompanyTags => Set<CompanyTag>();
    public DbSet<DealTag> DealTags => Set<DealTag>();
    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<PipelineStage> PipelineStages => Set<PipelineStage>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealParticipant> DealParticipants => Set<DealParticipant>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    /// <summary>Data-protection keys in the database so cookies survive restarts and several app nodes.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public ITenantContext TenantContext => tenant;

    /// <summary>Acts for TENANT (read live: a later change to it applies to this context too).</summary>
    public CrmDbContext ActAs(ITenantContext tenant)
    {
        this.tenant = tenant;
        return this;
    }

    // Back in the pool a context must not keep the tenant of its last user.
    public override void Dispose()
    {
        tenant = NoTenant.Instance;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        tenant = NoTenant.Instance;
        return base.DisposeAsync();
    }

    private sealed class NoTenant : ITenantContext
    {
        public static readonly NoTenant Instance = new();
        public Guid? TenantId => null;
        public Guid? UserId => null;
        public string? Role => null;
    }

    // Read by the query filters on every query, so each context filters by its own tenant.
    private Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.HasPostgresExtension("pgcrypto");
        model.HasPostgresExtension("pg_trgm");
        model.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);

        // Identity's own tables, renamed to snake_case and tied to the user's tenant.
        model.Entity<IdentityUserRole<Guid>>().ToTable("user_roles").MapUserOwned();
        model.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims").MapUserOwned();
        model.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins").MapUserOwned();
        model.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens").MapUserOwned();
        model.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        model.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        foreach (var type in model.Model.GetEntityTypes().Select(t => t.ClrType).ToList())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(type))
                ApplyFilter(model, type, nameof(ApplyTenantFilter));
            if (typeof(ISoftDeletable).IsAssignableFrom(type))
                ApplyFilter(model, type, nameof(ApplyNotDeletedFilter));
        }
        model.Entity<Tenant>().HasQueryFilter(TenantFilter, t => t.Id == CurrentTenantId);
    }

    private void ApplyFilter(ModelBuilder model, Type type, string method) =>
        typeof(CrmDbContext).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(type).Invoke(this, [model]);

    private void ApplyTenantFilter<T>(ModelBuilder model) where T : class, ITenantOwned =>
        model.Entity<T>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);

    private void ApplyNotDeletedFilter<T>(ModelBuilder model) where T : class, ISoftDeletable =>
        model.Entity<T>().HasQueryFilter(NotDeletedFilter, e => e.DeletedAt == null);

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>New rows belong to the acting tenant; RLS rejects any other, this makes the common case automatic.</summary>
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
                entry.Entity.TenantId = tenant.TenantId
                    ?? throw new InvalidOperationException($"A {entry.Entity.GetType().Name} cannot be saved without a tenant.");
        }
    }
}
