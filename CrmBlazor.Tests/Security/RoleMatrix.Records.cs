using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Features.Trash;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Security;

public static partial class RoleMatrix
{
    private static IEnumerable<Access> Records() =>
    [
        Edit("ContactService.CreateAsync", Now(On<ContactService>(c => c.CreateAsync(new() { FirstName = "Matrix", LastName = MatrixRows.Unique() }, Ct)))),
        Edit("ContactService.CreateManyAsync", Now(On<ContactService>(c => c.CreateManyAsync(
            [new() { FirstName = "Matrix", LastName = MatrixRows.Unique() }, new() { FirstName = "Matrix", LastName = MatrixRows.Unique() }], Ct)))),
        Edit("ContactService.UpdateAsync", async rows =>
        {
            var id = await rows.ContactAsync();
            var version = await rows.VersionAsync("contacts", id);
            return On<ContactService>(c => c.UpdateAsync(id, new() { FirstName = "Renamed", LastName = "Lovelace", Version = version }, Ct));
        }),
        Edit("ContactService.BulkAddTagAsync", async rows =>
        {
            var (id, tag) = (await rows.ContactAsync(), await rows.TagAsync());
            return On<ContactService>(c => c.BulkAddTagAsync([id], tag, Ct));
        }),
        Edit("ContactService.BulkRemoveTagAsync", async rows =>
        {
            var (id, tag) = (await rows.ContactAsync(), await rows.TagAsync());
            await rows.Sql.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@c, @t)", ("c", id), ("t", tag));
            return On<ContactService>(c => c.BulkRemoveTagAsync([id], tag, Ct));
        }),
        Edit("ContactService.BulkChangeOwnerAsync", async rows =>
        {
            var (id, owner) = (await rows.ContactAsync(), await rows.UserAsync());
            return On<ContactService>(c => c.BulkChangeOwnerAsync([id], owner, Ct));
        }),
        Edit("ContactService.DeleteAsync", async rows =>
        {
            var id = await rows.ContactAsync();
            return On<ContactService>(c => c.DeleteAsync([id], Ct));
        }),
        Edit("ContactService.RestoreAsync", async rows =>
        {
            var id = await rows.DeletedContactAsync();
            return On<ContactService>(c => c.RestoreAsync([id], Ct));
        }),

        Edit("CompanyService.CreateAsync", Now(On<CompanyService>(c => c.CreateAsync(new() { Name = "Matrix " + MatrixRows.Unique() }, Ct)))),
        Edit("CompanyService.CreateManyAsync", Now(On<CompanyService>(c => c.CreateManyAsync(
            [new() { Name = "Matrix " + MatrixRows.Unique() }, new() { Name = "Matrix " + MatrixRows.Unique() }], Ct)))),
        Edit("CompanyService.UpdateAsync", async rows =>
        {
            var id = await rows.CompanyAsync();
            var form = await rows.AsOwner<CompanyService>().GetFormAsync(id, Ct);
            form!.Name = "Renamed " + MatrixRows.Unique();
            return On<CompanyService>(c => c.UpdateAsync(id, form, Ct));
        }),
        Edit("CompanyService.AddRoleAsync", async rows =>
        {
            var id = await rows.CompanyAsync();
            return On<CompanyService>(c => c.AddRoleAsync(id, "customer", Ct));
        }),
        Edit("CompanyService.RemoveRoleAsync", async rows =>
        {
            var id = await rows.CompanyAsync();
            await rows.Sql.AddCompanyRoleAsync(id, "customer");
            return On<CompanyService>(c => c.RemoveRoleAsync(id, "customer", Ct));
        }),
        Edit("CompanyService.DeleteAsync", async rows =>
        {
            var id = await rows.CompanyAsync();
            return On<CompanyService>(c => c.DeleteAsync(id, Ct));
        }),
        Edit("CompanyService.RestoreAsync", async rows =>
        {
            var id = await rows.DeletedCompanyAsync();
            return On<CompanyService>(c => c.RestoreAsync(id, Ct));
        }),

        Edit("ActivityService.CreateAsync", async rows =>
        {
            var contact = await rows.ContactAsync();
            return On<ActivityService>(a => a.CreateAsync(new() { Type = "note", Subject = "Matrix", ContactId = contact }, Ct));
        }),
        Edit("ActivityService.CreateManyAsync", async rows =>
        {
            var contact = await rows.ContactAsync();
            return On<ActivityService>(a => a.CreateManyAsync(
                [new() { Type = "note", Subject = "Matrix", ContactId = contact }, new() { Type = "task", Subject = "Matrix", ContactId = contact }], Ct));
        }),
        Edit("ActivityService.UpdateAsync", async rows =>
        {
            var id = await rows.ActivityAsync();
            var version = await rows.VersionAsync("activities", id);
            return On<ActivityService>(a => a.UpdateAsync(id, version, new() { Type = "call", Subject = "Renamed" }, Ct));
        }),
        Edit("ActivityService.RescheduleAsync", async rows =>
        {
            var id = await rows.TaskAsync();
            return On<ActivityService>(a => a.RescheduleAsync(id, DateTimeOffset.UtcNow.AddDays(2), Ct));
        }),
        Edit("ActivityService.SetCompletedAsync", async rows =>
        {
            var id = await rows.TaskAsync();
            return On<ActivityService>(a => a.SetCompletedAsync(id, true, Ct));
        }),
        Edit("ActivityService.SetCompletedAsync", async rows =>
        {
            var id = await rows.TaskAsync();
            var version = await rows.VersionAsync("activities", id);
            return On<ActivityService>(a => a.SetCompletedAsync(id, version, true, Ct));
        }),
        Edit("ActivityService.DeleteAsync", async rows =>
        {
            var id = await rows.ActivityAsync();
            return On<ActivityService>(a => a.DeleteAsync(id, Ct));
        }),
        Edit("ActivityService.RestoreAsync", async rows =>
        {
            var id = await rows.DeletedActivityAsync();
            return On<ActivityService>(a => a.RestoreAsync(id, Ct));
        }),

        Edit("TrashService.RestoreAsync", async rows =>
        {
            var id = await rows.DeletedContactAsync();
            return On<TrashService>(t => t.RestoreAsync([new TrashKey(TrashKind.Contact, id)], Ct));
        }),
        Owner("TrashService.DeleteForeverAsync", async rows =>
        {
            var id = await rows.DeletedContactAsync();
            return On<TrashService>(t => t.DeleteForeverAsync([new TrashKey(TrashKind.Contact, id)], Ct));
        }),
    ];

    private static IEnumerable<Access> Deals() =>
    [
        Edit("DealService.CreateAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<DealService>(d => d.CreateAsync(new() { Title = "Matrix " + MatrixRows.Unique(), PipelineId = pipeline.Id, Currency = "EUR" }, Ct));
        }),
        Edit("DealService.CreateManyAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<DealService>(d => d.CreateManyAsync(
                [new() { Title = "Matrix " + MatrixRows.Unique(), PipelineId = pipeline.Id, Currency = "EUR" },
                 new() { Title = "Matrix " + MatrixRows.Unique(), PipelineId = pipeline.Id, Currency = "EUR" }], Ct));
        }),
        Edit("DealService.UpdateAsync", async rows =>
        {
            var (id, _) = await rows.DealAsync();
            var deal = (await rows.AsOwner<DealService>().GetAsync(id, Ct))!;
            var form = new DealForm
            {
                Title = "Renamed " + MatrixRows.Unique(), PipelineId = deal.PipelineId, StageId = deal.StageId, Value = deal.Value,
                Currency = deal.Currency, Probability = deal.Probability, Version = deal.Version,
            };
            return On<DealService>(d => d.UpdateAsync(id, form, Ct));
        }),
        Edit("DealService.DeleteAsync", async rows =>
        {
            var (id, _) = await rows.DealAsync();
            return On<DealService>(d => d.DeleteAsync(id, Ct));
        }),
        Edit("DealService.RestoreAsync", async rows =>
        {
            var id = await rows.DeletedDealAsync();
            return On<DealService>(d => d.RestoreAsync(id, Ct));
        }),
        Edit("DealParticipantService.AddAsync", async rows =>
        {
            var (deal, partner) = (await rows.DealWithCustomerAsync(), await rows.CompanyAsync());
            return On<DealParticipantService>(p => p.AddAsync(deal, new() { CompanyId = partner, Role = "partner" }, Ct));
        }),
        Edit("DealParticipantService.SetPrimaryAsync", async rows =>
        {
            var id = await rows.ParticipantAsync();
            return On<DealParticipantService>(p => p.SetPrimaryAsync(id, true, Ct));
        }),
        Edit("DealParticipantService.SetCommissionAsync", async rows =>
        {
            var id = await rows.ParticipantAsync();
            return On<DealParticipantService>(p => p.SetCommissionAsync(id, 5m, Ct));
        }),
        Edit("DealParticipantService.RemoveAsync", async rows =>
        {
            var id = await rows.ParticipantAsync();
            return On<DealParticipantService>(p => p.RemoveAsync(id, Ct));
        }),
        Edit("DealMoveService.MoveAsync", async rows =>
        {
            var (id, pipeline) = await rows.DealAsync();
            var version = await rows.VersionAsync("deals", id);
            var won = pipeline.Stages.First(s => s.Kind == "won").Id;
            return On<DealMoveService>(m => m.MoveAsync(new DealMove(id, version, won, null, null), Ct));
        }),
        Edit("DealOutcomeService.MarkWonAsync", async rows =>
        {
            var (id, _) = await rows.DealAsync();
            var version = await rows.VersionAsync("deals", id);
            return On<DealOutcomeService>(o => o.MarkWonAsync(id, version, Ct));
        }),
        Edit("DealOutcomeService.MarkLostAsync", async rows =>
        {
            var (id, _) = await rows.DealAsync();
            var version = await rows.VersionAsync("deals", id);
            return On<DealOutcomeService>(o => o.MarkLostAsync(id, version, new LostOutcome(null, "Too expensive"), Ct));
        }),
        Edit("DealOutcomeService.ReopenAsync", async rows =>
        {
            var (id, _) = await rows.DealAsync("won");
            var version = await rows.VersionAsync("deals", id);
            return On<DealOutcomeService>(o => o.ReopenAsync(id, version, Ct));
        }),
    ];
}
