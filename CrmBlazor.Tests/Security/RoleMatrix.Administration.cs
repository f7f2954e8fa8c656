using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Features.Audit;
using CrmBlazor.Features.Export;
using CrmBlazor.Features.Health;
using CrmBlazor.Features.Import;
using CrmBlazor.Features.Tags;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Security;

public static partial class RoleMatrix
{
    private static IEnumerable<Access> Administration() =>
    [
        Admin("TagService.CreateAsync", Now(On<TagService>(t => t.CreateAsync(new() { Name = "Matrix " + MatrixRows.Unique() }, Ct)))),
        Admin("TagService.UpdateAsync", async rows =>
        {
            var id = await rows.TagAsync();
            var version = await rows.VersionAsync("tags", id);
            return On<TagService>(t => t.UpdateAsync(id, new() { Name = "Renamed " + MatrixRows.Unique(), Version = version }, Ct));
        }),
        Admin("TagService.MergeAsync", async rows =>
        {
            var (source, target) = (await rows.TagAsync(), await rows.TagAsync());
            return On<TagService>(t => t.MergeAsync(source, target, Ct));
        }),
        Admin("TagService.DeleteAsync", async rows =>
        {
            var id = await rows.TagAsync();
            return On<TagService>(t => t.DeleteAsync(id, Ct));
        }),

        Admin("PipelineAdminService.ListAsync", Now(On<PipelineAdminService>(p => p.ListAsync(Ct)))),
        Admin("PipelineAdminService.CreatePipelineAsync", Now(On<PipelineAdminService>(p => p.CreatePipelineAsync(new() { Name = "Matrix " + MatrixRows.Unique() }, Ct)))),
        Admin("PipelineAdminService.RenamePipelineAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<PipelineAdminService>(p => p.RenamePipelineAsync(pipeline.Id, new() { Name = "Renamed " + MatrixRows.Unique(), Version = pipeline.Version }, Ct));
        }),
        Admin("PipelineAdminService.DeletePipelineAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<PipelineAdminService>(p => p.DeletePipelineAsync(pipeline.Id, Ct));
        }),
        Admin("PipelineAdminService.SetDefaultAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<PipelineAdminService>(p => p.SetDefaultAsync(pipeline.Id, Ct));
        }),
        Admin("PipelineAdminService.AddStageAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<PipelineAdminService>(p => p.AddStageAsync(pipeline.Id, new() { Name = "Matrix" }, Ct));
        }),
        Admin("PipelineAdminService.UpdateStageAsync", async rows =>
        {
            var stage = (await rows.PipelineAsync()).Stages[0];
            return On<PipelineAdminService>(p => p.UpdateStageAsync(stage.Id, stage.Edited(f => f.Name = "Renamed"), Ct));
        }),
        Admin("PipelineAdminService.ReorderStagesAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<PipelineAdminService>(p => p.ReorderStagesAsync(pipeline.Id, pipeline.Stages.Select(s => s.Id).ToList(), Ct));
        }),
        Admin("PipelineAdminService.DeleteStageAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            var extra = await rows.AsOwner<PipelineAdminService>().AddStageAsync(pipeline.Id, new() { Name = "Extra" }, Ct);
            Assert.True(extra.Succeeded, extra.Problem);
            return On<PipelineAdminService>(p => p.DeleteStageAsync(extra.Id!.Value, new StageDeletion(), Ct));
        }),
        Admin("PipelineAdminService.ListLostReasonsAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<PipelineAdminService>(p => p.ListLostReasonsAsync(pipeline.Id, Ct));
        }),
        Admin("PipelineAdminService.AddLostReasonAsync", async rows =>
        {
            var pipeline = await rows.PipelineAsync();
            return On<PipelineAdminService>(p => p.AddLostReasonAsync(pipeline.Id, new() { Name = "Matrix " + MatrixRows.Unique() }, Ct));
        }),
        Admin("PipelineAdminService.RenameLostReasonAsync", async rows =>
        {
            var reason = await rows.LostReasonAsync((await rows.PipelineAsync()).Id);
            return On<PipelineAdminService>(p => p.RenameLostReasonAsync(reason, new() { Name = "Renamed " + MatrixRows.Unique() }, Ct));
        }),
        Admin("PipelineAdminService.DeleteLostReasonAsync", async rows =>
        {
            var reason = await rows.LostReasonAsync((await rows.PipelineAsync()).Id);
            return On<PipelineAdminService>(p => p.DeleteLostReasonAsync(reason, Ct));
        }),

        Admin("UserAdminService.ListAsync", Now(On<UserAdminService>(u => u.ListAsync(Ct)))),
        Admin("UserAdminService.InviteAsync", Now(On<UserAdminService>(u => u.InviteAsync(Invitation("Member"), Ct)))) with { Variant = "a Member" },
        Owner("UserAdminService.InviteAsync", Now(On<UserAdminService>(u => u.InviteAsync(Invitation("Owner"), Ct)))) with { Variant = "an Owner" },
        Admin("UserAdminService.RenewInvitationAsync", async rows =>
        {
            var id = await rows.InvitedUserAsync();
            return On<UserAdminService>(u => u.RenewInvitationAsync(id, Ct));
        }),
        Admin("UserAdminService.ChangeRoleAsync", async rows =>
        {
            var id = await rows.UserAsync();
            return On<UserAdminService>(u => u.ChangeRoleAsync(id, "Viewer", Ct));
        }) with { Variant = "to Viewer" },
        Owner("UserAdminService.ChangeRoleAsync", async rows =>
        {
            var id = await rows.UserAsync();
            return On<UserAdminService>(u => u.ChangeRoleAsync(id, "Owner", Ct));
        }) with { Variant = "to Owner" },
        Admin("UserAdminService.HandoverAsync", async rows =>
        {
            var id = await rows.UserAsync();
            return On<UserAdminService>(u => u.HandoverAsync(id, Ct));
        }),
        Admin("UserAdminService.DeactivateAsync", async rows =>
        {
            var id = await rows.UserAsync();
            return On<UserAdminService>(u => u.DeactivateAsync(id, null, Ct));
        }),
        Admin("UserAdminService.ReactivateAsync", async rows =>
        {
            var id = await rows.UserAsync(isActive: false);
            return On<UserAdminService>(u => u.ReactivateAsync(id, Ct));
        }),

        Admin("AuditLogService.PageAsync", Now(On<AuditLogService>(a => a.PageAsync(new AuditQuery(), Ct)))),
        Admin("AuditLogService.UsersAsync", Now(On<AuditLogService>(a => a.UsersAsync(Ct)))),
        Admin("AuditRevertService.RevertAsync", async rows =>
        {
            var change = await rows.RevertableChangeAsync();
            return On<AuditRevertService>(a => a.RevertAsync(change, "first_name", Ct));
        }),
        // The audit export answers a refusal as text (the endpoint sends it as a 403) rather than throwing.
        Admin("AuditExport.RefusalAsync", Now(async services =>
            await On<AuditExport>(a => a.RefusalAsync(Ct))(services) is string refusal ? throw new PermissionDeniedException(refusal) : null)),
        Admin("DataHealthService.LoadAsync", Now(On<DataHealthService>(h => h.LoadAsync(Ct)))),
        Owner("DataHealthService.SetAuditRetentionAsync", Now(On<DataHealthService>(h => h.SetAuditRetentionAsync(3, Ct)))),
        Owner("TenantBackup.DemandOwnerAsync", Now(On<TenantBackup>(b => b.DemandOwnerAsync(Ct)))),
        Owner("TenantBackup.ExportAsync", Now(On<TenantBackup>(b => b.ExportAsync(new MemoryStream(), Ct)))),
        // The demo tenant is not empty, so an allowed restore is refused for that (after the role check), never for the role.
        Owner("TenantRestore.RestoreAsync", Now(On<TenantRestore>(r => r.RestoreAsync(new MemoryStream("not a zip"u8.ToArray()), Ct)))) with { AnyOutcome = true },
    ];

    private static InviteForm Invitation(string role) => new() { Email = $"matrix-{MatrixRows.Unique()}@example.test", FullName = "Matrix Invitee", Role = role };

    private static IEnumerable<Access> Imports() =>
    [
        Edit("ImportService.UploadAsync", Now(On<ImportService>(i => i.UploadAsync(ImportKind.Contacts, "people.csv", MatrixRows.Csv(MatrixRows.OneContactCsv()), Ct)))),
        Edit("ImportService.SavePresetAsync", Now(On<ImportService>(i => i.SavePresetAsync(ImportKind.Contacts, "Matrix " + MatrixRows.Unique(),
            new Dictionary<string, string> { ["First Name"] = ImportFields.FirstName })))),
        Edit("ImportService.ReviewAsync", async rows =>
        {
            var upload = await rows.UploadAsync();
            return On<ImportService>(i => i.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested)));
        }),
        Edit("ImportService.StartAsync", async rows =>
        {
            var job = await rows.ReadyImportAsync();
            return On<ImportService>(i => i.StartAsync(job));
        }),
        Edit("ImportService.CancelAsync", async rows =>
        {
            var job = await rows.ReadyImportAsync();
            return On<ImportService>(i => i.CancelAsync(job));
        }),
        Edit("ImportService.UndoAsync", async rows =>
        {
            var job = await rows.FinishedImportAsync();
            return On<ImportService>(i => i.UndoAsync(job));
        }),
        Edit("ImportUndo.UndoAsync", async rows =>
        {
            var job = await rows.FinishedImportAsync();
            return On<ImportUndo>(i => i.UndoAsync(job));
        }),
    ];
}
