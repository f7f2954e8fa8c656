using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> deal)
    {
        deal.ToTable("deals", t =>
        {
            t.HasCheckConstraint("ck_deals_title_not_blank", "title ~ '\\S'");
            t.HasCheckConstraint("ck_deals_value", "value >= 0");
            t.HasCheckConstraint("ck_deals_currency", "currency ~ '^[A-Z]{3}$'");
            t.HasCheckConstraint("ck_deals_probability", "probability BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_deals_rank_not_blank", "rank <> ''");
        });
        deal.MapTenantEntity();
        deal.Property(d => d.Title).HasMaxLength(FieldLimits.Name);
        deal.Property(d => d.Value).HasPrecision(18, 2);
        deal.Property(d => d.Currency).HasMaxLength(3).IsFixedLength();
        deal.Property(d => d.LostReason).HasMaxLength(FieldLimits.Text);
        deal.Property(d => d.Rank).HasMaxLength(FieldLimits.Rank).UseCollation("C");
        deal.References(d => d.Pipeline, nameof(Deal.PipelineId), DeleteBehavior.NoAction);
        deal.HasOne(d => d.Stage).WithMany()
            .HasForeignKey(d => new { d.TenantId, d.PipelineId, d.StageId })
            .HasPrincipalKey(s => new { s.TenantId, s.PipelineId, s.Id })
            .OnDelete(DeleteBehavior.NoAction);
        deal.References(d => d.Contact, nameof(Deal.ContactId), DeleteBehavior.ClientSetNull);
        deal.References(d => d.Company, nameof(Deal.CompanyId), DeleteBehavior.ClientSetNull);
        deal.References(d => d.Owner, nameof(Deal.OwnerId), DeleteBehavior.ClientSetNull);
        // Deleting a listed reason clears it from its deals first (PipelineAdminService); their text stays.
        deal.References<Deal, LostReason>(null, nameof(Deal.LostReasonId), DeleteBehavior.ClientSetNull);
        // Only ISO 4217 codes: the form offers the same list, read from this table.
        deal.HasOne<Currency>().WithMany().HasForeignKey(d => d.Currency).OnDelete(DeleteBehavior.NoAction);
        deal.HasChildren(d => d.Tags, nameof(DealTag.DealId));
        deal.HasChildren(d => d.Participants, nameof(DealParticipant.DealId));
        // Deleting a stage or pipeline checks deals through this one; the board index below holds live deals only.
        deal.HasIndex(d => new { d.TenantId, d.PipelineId, d.StageId });
        // The board reads a column in rank order; two live deals never share a rank in a column.
        deal.HasIndex(d => new { d.TenantId, d.PipelineId, d.StageId, d.Rank })
            .IsUnique().HasFilter("deleted_at IS NULL").HasDatabaseName("ux_deals_board_rank");
        // The trash lists a tenant's deleted rows newest first, and the purge finds the old ones (Features/Trash).
        deal.HasIndex(d => new { d.TenantId, d.DeletedAt }).HasFilter("deleted_at IS NOT NULL").HasDatabaseName("ix_deals_trash");
    }
}

public class DealParticipantConfiguration : IEntityTypeConfiguration<DealParticipant>
{
    public void Configure(EntityTypeBuilder<DealParticipant> participant)
    {
        participant.ToTable("deal_participants", t =>
        {
            t.HasCheckConstraint("ck_deal_participants_role", "role IN ('customer', 'principal', 'distributor', 'partner')");
            t.HasCheckConstraint("ck_deal_participants_commission_rate", "commission_rate IS NULL OR commission_rate BETWEEN 0 AND 1");
        });
        participant.MapTenantEntity();
        participant.Property(p => p.Role).HasMaxLength(20);
        participant.Property(p => p.CommissionRate).HasPrecision(5, 4);
        participant.References(p => p.Company, nameof(DealParticipant.CompanyId), DeleteBehavior.NoAction);
        participant.HasIndex(p => new { p.DealId, p.CompanyId, p.Role }).IsUnique();
        participant.HasIndex(p => new { p.DealId, p.Role }).IsUnique().HasFilter("is_primary")
            .HasDatabaseName("ux_deal_participants_one_primary_per_role");
    }
}
