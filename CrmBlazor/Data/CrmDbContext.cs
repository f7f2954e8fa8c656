using CrmBlazor.Data.Configurations;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Data;

/// <summary>
/// The CRM's database. Contexts come from a process-wide pool (<see cref="TenantDbContextFactory"/>);
/// each is handed out acting for one <see cref="TenantSnapshot"/> (<see cref="ActFor"/>), which
/// nothing changes until it goes back to the pool. Until then, and again once returned, it acts for
/// no tenant and sees nothing.
/// </summary>
public class CrmDbContext(DbContextOptions<CrmDbContext> options)
    : IdentityDbContext<User, Role, Guid>(options), IDataProtectionKeyContext
{
    private TenantSnapshot actingFor = TenantSnapshot.Nobody;
    private bool handedOut;

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
    public DbSet<LostReason> LostReasons => Set<LostReason>();
    public DbSet<Currency> Currencies => Set<Currency>();
    public DbSet<DealParticipant> DealParticipants => Set<DealParticipant>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();
    public DbSet<MaintenanceRun> MaintenanceRuns => Set<MaintenanceRun>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<ImportPresetRow> ImportPresets => Set<ImportPresetRow>();

    /// <summary>Data-protection keys in the database so cookies survive restarts and several app nodes.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Whom this context acts for: its query filters, new rows and every transaction it runs.</summary>
    public TenantSnapshot ActingFor => actingFor;

    /// <summary>Where the work comes from: TenantPerTransaction hands it to each transaction, and the audit rows carry it.</summary>
    public ClientOrigin Origin { get; private set; } = ClientOrigin.Unknown;

    /// <summary>Makes a fresh context act for <paramref name="snapshot"/>; called once, by whoever hands it out.</summary>
    public CrmDbContext ActFor(TenantSnapshot snapshot, ClientOrigin? origin = null)
    {
        if (handedOut)
            throw new InvalidOperationException(
                "A context acts for the tenant it was made for. Make a new context to act for another tenant or user.");
        actingFor = snapshot;
        Origin = origin ?? ClientOrigin.Unknown;
        handedOut = true;
        // Even a one-statement save runs in a transaction, whose start sets the tenant (TenantPerTransaction).
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        return this;
    }

    // Back in the pool a context keeps nothing of its last user: no tenant, and no connection left
    // open (a service may open one for several statements) to hold a pooled connection idle.
    public override void Dispose()
    {
        if (handedOut && ConnectionLeftOpen) Database.CloseConnection();
        Forget();
        base.Dispose();
    }

    public override async ValueTask DisposeAsync()
    {
        if (handedOut && ConnectionLeftOpen) await Database.CloseConnectionAsync();
        Forget();
        await base.DisposeAsync();
    }

    private bool ConnectionLeftOpen => Database.GetDbConnection().State != System.Data.ConnectionState.Closed;

    private void Forget()
    {
        actingFor = TenantSnapshot.Nobody;
        Origin = ClientOrigin.Unknown;
        handedOut = false;
    }

    // Read by the query filters on every query, so each pooled context filters by its own tenant.
    private Guid? CurrentTenantId => actingFor.TenantId;

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
                entry.Entity.TenantId = actingFor.TenantId
                    ?? throw new InvalidOperationException($"A {entry.Entity.GetType().Name} cannot be saved without a tenant.");
        }
    }
}
