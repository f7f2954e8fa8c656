using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.ToTable("user_sessions", t => t.HasCheckConstraint("ck_user_sessions_times",
            "last_seen_at >= signed_in_at AND (revoked_at IS NULL OR revoked_at >= signed_in_at)"));
        // Tenant first in the key, as every tenant table's (row-level security gives every query the tenant).
        session.HasKey(s => new { s.TenantId, s.Id });
        session.Property(s => s.Id).HasDefaultValueSql("gen_random_uuid()");
        session.MapTenantId();
        session.HasOne<User>().WithMany().HasForeignKey(s => new { s.TenantId, s.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id }).OnDelete(DeleteBehavior.Cascade);
        session.Property(s => s.UserAgent).HasMaxLength(ClientOrigin.UserAgentLength);
        session.Property(s => s.ClientIp).HasColumnType("inet");
        // The profile lists a user's sessions, newest first.
        session.HasIndex(s => new { s.TenantId, s.UserId, s.SignedInAt });
    }
}
