using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace CrmBlazor.Features.Deals;

/// <summary>
/// The companies taking part in a deal. A role has at most one primary participant; making another
/// one primary clears the old one in the same transaction. The primary customer is the deal's company:
/// the database keeps it in step with the deal form (deal_customer.sql), so here it can be neither
/// chosen, made not primary nor removed, and other participants join a deal only once it has a company.
/// Whether a principal or distributor holds that role at its company is left to the database's foreign
/// key, whose refusal is explained.
/// </summary>
public sealed class DealParticipantService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard)
{
    public const string DealGone = "This deal no longer exists; it may have been deleted.";
    public const string ParticipantGone = "This participant is no longer on the deal; the list has been refreshed.";
    public const string PrimaryCustomerIsDealCompany =
        "The deal's company is its primary customer. To change it, edit the deal and choose another company.";
    public const string DealNeedsCompany =
        "Choose the deal's company first (Edit): it is the deal's primary customer, and the other participants join it.";

    /// <summary>Runs after a primary switch has cleared the old primary, inside its transaction; a test seam for fault injection.</summary>
    internal Func<Task> AfterPrimaryClearedAsync { get; set; } = () => Task.CompletedTask;

    /// <summary>The deal's participants by role (customer, principal, distributor, partner), the primary first.</summary>
    public async Task<IReadOnlyList<ParticipantRow>> ListAsync(Guid dealId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A left join: through the required navigation EF would drop the row of a company in the trash, not name it null.
        var rows = await (
            from p in db.DealParticipants
            where p.DealId == dealId
            join c in db.Companies on p.CompanyId equals c.Id into live
            from c in live.DefaultIfEmpty()
            select new ParticipantRow(p.Id, p.CompanyId, c == null ? null : c.Name, p.Role, p.IsPrimary, p.CommissionRate * 100))
            .ToListAsync(ct);
        return rows.OrderBy(p => Array.IndexOf(DealParticipant.All, p.Role)).ThenByDescending(p => p.IsPrimary)
            .ThenBy(p => p.CompanyName, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<ParticipantResult> AddAsync(Guid dealId, ParticipantForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.participants.add", ct);
        if (FormErrors.Of(form, nameof(ParticipantForm.CompanyId)) is { Count: > 0 } errors) return new(errors);

        var participant = new DealParticipant
        {
            DealId = dealId, CompanyId = form.CompanyId!.Value, Role = form.Role!, IsPrimary = form.IsPrimary,
            CommissionRate = Fraction(form.CommissionPercent),
        };
        if (participant.IsPrimary && participant.Role == DealParticipant.Customer)
            return ParticipantResult.Invalid(nameof(ParticipantForm.IsPrimary), PrimaryCustomerIsDealCompany);
        if (!await HasCompanyAsync(dealId, ct)) return ParticipantResult.Invalid(nameof(ParticipantForm.CompanyId), DealNeedsCompany);
        return await WriteAsync(participant, async db =>
        {
            if (!await db.Deals.AnyAsync(d => d.Id == dealId, ct)) throw new StaleSelectionException(DealGone);
            if (participant.IsPrimary) await ClearPrimaryAsync(db, participant, ct);
            db.DealParticipants.Add(participant);
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>Makes the participant its role's primary (the previous primary stops being one), or not primary.</summary>
    public async Task<ParticipantResult> SetPrimaryAsync(Guid participantId, bool isPrimary, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.participants.primary", ct);
        var participant = await FindAsync(participantId, ct);
        if (participant.Role == DealParticipant.Customer)
            return ParticipantResult.Invalid(nameof(ParticipantForm.IsPrimary), PrimaryCustomerIsDealCompany);
        return await WriteAsync(participant, async db =>
        {
            if (isPrimary) await ClearPrimaryAsync(db, participant, ct);
            await UpdateAsync(db, participantId, p => p.SetProperty(x => x.IsPrimary, isPrimary), ct);
        }, ct);
    }

    /// <summary>Sets the commission as a percentage (0–100, to two decimals); null removes it.</summary>
    public async Task<ParticipantResult> SetCommissionAsync(Guid participantId, decimal? percent, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.participants.commission", ct);
        if (percent is < 0 or > 100) return ParticipantResult.Invalid(nameof(ParticipantForm.CommissionPercent), ParticipantForm.InvalidCommission);
        var participant = await FindAsync(participantId, ct);
        var rate = Fraction(percent);
        return await WriteAsync(participant, db => UpdateAsync(db, participantId, p => p.SetProperty(x => x.CommissionRate, rate), ct), ct);
    }

    /// <summary>Takes the participant off the deal; the primary customer stays while it is the deal's company.</summary>
    public async Task<ParticipantResult> RemoveAsync(Guid participantId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.participants.remove", ct);
        var participant = await FindAsync(participantId, ct);
        if (participant is { Role: DealParticipant.Customer, IsPrimary: true })
            return ParticipantResult.Invalid(nameof(ParticipantForm.IsPrimary), PrimaryCustomerIsDealCompany);
        return await WriteAsync(participant, async db =>
        {
            if (await db.DealParticipants.Where(p => p.Id == participantId).ExecuteDeleteAsync(ct) == 0)
                throw new StaleSelectionException(ParticipantGone);
        }, ct);
    }

    /// <summary>Runs <paramref name="change"/> in one transaction; a rule the database refuses comes back as a field error about <paramref name="participant"/>.</summary>
    private async Task<ParticipantResult> WriteAsync(DealParticipant participant, Func<CrmDbContext, Task> change, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await change(db);
            await transaction.CommitAsync(ct);
            return ParticipantResult.Done;
        }
        catch (Exception ex) when (ConstraintTable.Violation(ex) is { } pg)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var company = await db.Companies.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
                .Where(c => c.Id == participant.CompanyId).Select(c => c.Name).SingleOrDefaultAsync(ct) ?? "That company";
            if (DealConstraints.DescribeParticipant(pg, company, participant.Role) is not { } field) throw;
            var lacking = pg.ConstraintName == "fk_deal_participants_company_holds_role" ? participant.CompanyId : (Guid?)null;
            return ParticipantResult.Invalid(field.Field, field.Message, lacking);
        }
    }

    /// <summary>Before <paramref name="participant"/> becomes primary: its role's current primary on the deal stops being one.</summary>
    private async Task ClearPrimaryAsync(CrmDbContext db, DealParticipant participant, CancellationToken ct)
    {
        await db.DealParticipants
            .Where(p => p.DealId == participant.DealId && p.Role == participant.Role && p.IsPrimary && p.Id != participant.Id)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.IsPrimary, false), ct);
        await AfterPrimaryClearedAsync();
    }

    private static async Task UpdateAsync(CrmDbContext db, Guid participantId, Action<UpdateSettersBuilder<DealParticipant>> set, CancellationToken ct)
    {
        if (await db.DealParticipants.Where(p => p.Id == participantId).ExecuteUpdateAsync(set, ct) == 0)
            throw new StaleSelectionException(ParticipantGone);
    }

    /// <summary>Whether the deal has a company (its primary customer); a deal that is gone is a stale selection.</summary>
    private async Task<bool> HasCompanyAsync(Guid dealId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deal = await db.Deals.Where(d => d.Id == dealId).Select(d => new { d.CompanyId }).SingleOrDefaultAsync(ct)
            ?? throw new StaleSelectionException(DealGone);
        return deal.CompanyId is not null;
    }

    private async Task<DealParticipant> FindAsync(Guid participantId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DealParticipants.AsNoTracking().SingleOrDefaultAsync(p => p.Id == participantId, ct)
            ?? throw new StaleSelectionException(ParticipantGone);
    }

    /// <summary>A percentage as the fraction commission_rate stores (numeric(5,4): two decimals of a percent).</summary>
    private static decimal? Fraction(decimal? percent) => percent is { } p ? decimal.Round(p, 2) / 100 : null;
}

