using CrmBlazor.Data;
using CrmBlazor.Data.Configurations;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Admin.Pipelines;
using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A tenant made for one test, with its first Owner and (when made here) its default pipeline.</summary>
public sealed record TestTenant(Guid Id, Guid OwnerId, string Slug)
{
    /// <summary>The default pipeline: an open stage, then a won and a lost one.</summary>
    public TestPipeline? DefaultPipeline { get; init; }
}

/// <summary>
/// Creates tenants and users through SQL as the session's role (crm_app in these tests), the way the
/// app would: the session acts as the new tenant, and everything a tenant needs commits together.
/// </summary>
public static class TestTenants
{
    /// <summary>
    /// A new tenant with an active Owner and a default pipeline, created in one transaction because
    /// deferred triggers require both of every tenant at commit (Sql/tenant_rules.sql). Leaves the
    /// session acting as the new tenant's owner.
    /// </summary>
    public static async Task<TestTenant> CreateTenantAsync(this DbSession session, string name = "Test tenant")
    {
        var tenant = new TestTenant(Guid.NewGuid(), Guid.NewGuid(), "t-" + Guid.NewGuid().ToString("N")[..12]);
        await session.ActAsAsync(tenant);
        await using var transaction = await session.Connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await session.ExecuteAsync("insert into tenants (id, name, slug) values (@id, @name, @slug)",
            ("id", tenant.Id), ("name", name), ("slug", tenant.Slug));
        await session.AddUserAsync("Owner", id: tenant.OwnerId);
        var pipeline = await session.AddDefaultPipelineAsync();
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
        return tenant with { DefaultPipeline = pipeline };
    }

    /// <summary>The tenant's default pipeline, with the won and lost stages every pipeline keeps (Sql/stage_order.sql).</summary>
    private static async Task<TestPipeline> AddDefaultPipelineAsync(this DbSession session)
    {
        var id = await session.ScalarAsync<Guid>("insert into pipelines (name, is_default) values ('Main', true) returning id");
        var stages = new List<Guid>();
        foreach (var (name, kind, probability) in new[] { ("Lead", "open", 10), ("Won", "won", 100), ("Lost", "lost", 0) })
            stages.Add(await session.ScalarAsync<Guid>("""
                insert into pipeline_stages (pipeline_id, name, position, probability, kind, color)
                values (@pipeline, @name, @position, @probability, @kind, '#888888') returning id
                """, ("pipeline", id), ("name", name), ("position", stages.Count), ("probability", probability), ("kind", kind)));
        return new TestPipeline(id, stages.ToArray());
    }

    /// <summary>
    /// Adds to DB, for its next save, a tenant with what every tenant needs at commit: an Owner (with
    /// their role) and the default pipeline registration gives.
    /// </summary>
    public static void AddTenantWithOwnerAndPipeline(this CrmDbContext db, Guid tenantId, string name, string slug)
    {
        db.Tenants.Add(new Tenant { Id = tenantId, Name = name, Slug = slug });
        var owner = new User
        {
            Id = Guid.NewGuid(), TenantId = tenantId, FullName = "Owner", Email = $"owner-{tenantId:N}@example.test",
            NormalizedEmail = $"OWNER-{tenantId:N}@EXAMPLE.TEST", UserName = $"owner-{tenantId:N}@example.test",
            NormalizedUserName = $"OWNER-{tenantId:N}@EXAMPLE.TEST",
        };
        db.Users.Add(owner);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = owner.Id, RoleId = RoleConfiguration.Roles.Single(r => r.Name == Role.Owner).Id });
        db.Pipelines.Add(DefaultPipeline.Create());
    }

    /// <summary>Acts as TENANT and, unless another is given, its owner.</summary>
    public static Task ActAsAsync(this DbSession session, TestTenant tenant, Guid? userId = null) =>
        session.ActAsAsync(tenant.Id, userId ?? tenant.OwnerId);

    /// <summary>
    /// A user of the session's tenant holding ROLE (Owner, Admin, Member or Viewer). Its password hash
    /// and security stamp are recognisable secrets, so tests can prove they never leak. The user and
    /// the role are one statement: every user has a role at commit (ck_user_has_a_role).
    /// </summary>
    public static async Task<Guid> AddUserAsync(this DbSession session, string role = "Member", Guid? id = null,
        string? email = null, bool isActive = true)
    {
        var userId = id ?? Guid.NewGuid();
        email ??= $"user-{userId:N}@example.test";
        await session.ExecuteAsync("""
            with added as (
                insert into users (id, tenant_id, full_name, user_name, normalized_user_name, email, normalized_email,
                                   email_confirmed, password_hash, security_stamp, concurrency_stamp, lockout_enabled,
                                   access_failed_count, phone_number_confirmed, two_factor_enabled, is_active, prefers_dark_mode)
                values (@id, NULLIF(current_setting('app.tenant_id', true), '')::uuid, 'Test User', @email, upper(@email),
                        @email, upper(@email), true, @hash, @stamp, @id::text, true, 0, false, false, @active, false)
                returning id)
            insert into user_roles (user_id, role_id) select added.id, roles.id from added, roles where roles.name = @role
            """,
            ("id", userId), ("email", email), ("hash", SecretHash(userId)), ("stamp", SecretStamp(userId)), ("active", isActive),
            ("role", role));
        return userId;
    }

    /// <summary>The password hash <see cref="AddUserAsync"/> stores for USER.</summary>
    public static string SecretHash(Guid userId) => $"secret-hash-{userId:N}";

    /// <summary>The security stamp <see cref="AddUserAsync"/> stores for USER.</summary>
    public static string SecretStamp(Guid userId) => $"secret-stamp-{userId:N}";
}
