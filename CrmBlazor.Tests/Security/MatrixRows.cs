using System.Text;
using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Import;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Security;

/// <summary>
/// Fresh rows for one call of the role matrix, made by the demo tenant's Owner (in SQL or through the
/// services), so every role's call changes a record of its own and no call depends on another's.
/// </summary>
public sealed class MatrixRows(CrmAppFactory app, DbSession owner, AsyncServiceScope ownerScope) : IAsyncDisposable
{
    public static async Task<MatrixRows> OpenAsync(CrmAppFactory app) =>
        new(app, await DemoTenant.OpenSessionAsync(app, DemoTenant.Owner), await DemoTenant.ActAsAsync(app, DemoTenant.Owner));

    public DbSession Sql => owner;

    public T AsOwner<T>() where T : notnull => ownerScope.ServiceProvider.GetRequiredService<T>();

    public static string Unique() => Guid.NewGuid().ToString("N")[..12];

    public Task<Guid> ContactAsync() => owner.AddContactAsync();

    public Task<Guid> CompanyAsync() => owner.AddCompanyAsync();

    /// <summary>A company holding the customer role, as a deal's participants need.</summary>
    public async Task<Guid> CustomerAsync()
    {
        var id = await CompanyAsync();
        await owner.AddCompanyRoleAsync(id, "customer");
        return id;
    }

    public Task<Guid> TagAsync() => owner.AddTagAsync();

    public async Task<Guid> DeletedContactAsync()
    {
        var id = await ContactAsync();
        await AsOwner<ContactService>().DeleteAsync([id], Ct);
        return id;
    }

    public async Task<Guid> DeletedCompanyAsync()
    {
        var id = await CompanyAsync();
        Assert.True(await AsOwner<CompanyService>().DeleteAsync(id, Ct));
        return id;
    }

    /// <summary>A pipeline made through Admin → Pipelines: open stages, then a won and a lost one.</summary>
    public Task<PipelineSummary> PipelineAsync() => AsOwner<PipelineAdminService>().NewPipelineAsync();

    public async Task<(Guid Id, PipelineSummary Pipeline)> DealAsync(string stageKind = "open")
    {
        var pipeline = await PipelineAsync();
        var stage = pipeline.Stages.First(s => s.Kind == stageKind);
        return (await owner.AddDealAsync(pipeline.AsTestPipeline(), stage.Id), pipeline);
    }

    /// <summary>A deal whose company is a customer: the participant every other one joins.</summary>
    public async Task<Guid> DealWithCustomerAsync()
    {
        var pipeline = await PipelineAsync();
        return await owner.AddDealAsync(pipeline.AsTestPipeline(), pipeline.Stages[0].Id, companyId: await CustomerAsync());
    }

    public async Task<Guid> DeletedDealAsync()
    {
        var (id, _) = await DealAsync();
        Assert.True(await AsOwner<DealService>().DeleteAsync(id, Ct));
        return id;
    }

    /// <summary>A partner on a deal with a customer (the customer's primary place is the deal's company's, not to be changed here).</summary>
    public async Task<Guid> ParticipantAsync() =>
        await owner.AddParticipantAsync(await DealWithCustomerAsync(), await CompanyAsync(), role: "partner");

    public Task<Guid> TaskAsync() => owner.ScalarAsync<Guid>(
        "insert into activities (type, subject, contact_id, due_at) values ('task', 'Follow up', @contact, now() + interval '1 day') returning id",
        ("contact", null));

    public Task<Guid> ActivityAsync() => owner.AddActivityAsync();

    public async Task<Guid> DeletedActivityAsync()
    {
        var id = await ActivityAsync();
        await AsOwner<ActivityService>().DeleteAsync(id, Ct);
        return id;
    }

    public Task<uint> VersionAsync(string table, Guid id) =>
        owner.ScalarAsync<uint>($"select xmin from {table} where id = @id", ("id", id));

    public Task<Guid> UserAsync(string role = "Member", bool isActive = true) => owner.AddUserAsync(role, isActive: isActive);

    /// <summary>An invited user (no password yet), invited by the Owner.</summary>
    public async Task<Guid> InvitedUserAsync()
    {
        var email = $"invited-{Unique()}@example.test";
        var invited = await AsOwner<UserAdminService>().InviteAsync(new() { Email = email, FullName = "Invited", Role = "Member" }, Ct);
        Assert.True(invited.Succeeded, string.Join(", ", invited.Errors.Values));
        return await owner.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", email));
    }

    public async Task<Guid> LostReasonAsync(Guid pipelineId)
    {
        var added = await AsOwner<PipelineAdminService>().AddLostReasonAsync(pipelineId, new() { Name = "Reason " + Unique() }, Ct);
        Assert.True(added.Succeeded, added.Problem);
        return added.Id!.Value;
    }

    /// <summary>An audited update of a contact's first name: a change that can be reverted.</summary>
    public async Task<long> RevertableChangeAsync()
    {
        var contact = await ContactAsync();
        await owner.ExecuteAsync("update contacts set first_name = 'Renamed' where id = @id", ("id", contact));
        return await owner.ScalarAsync<long>(
            "select max(id) from audit_logs where record_id = @id and action = 'update'", ("id", contact));
    }

    public static string OneContactCsv() => $"First Name,Last Name,Email\nAda,Matrix,ada.{Unique()}@example.com\n";

    public static MemoryStream Csv(string csv) => new(Encoding.UTF8.GetBytes(csv));

    public Task<ImportUpload> UploadAsync() => Steps().UploadAsync(OneContactCsv());

    /// <summary>A job reviewed and ready to start.</summary>
    public async Task<Guid> ReadyImportAsync() => (await Steps().ReviewAsync(OneContactCsv())).JobId;

    public async Task<Guid> FinishedImportAsync() => (await Steps().ImportAsync(OneContactCsv())).JobId;

    private ImportSteps Steps() => new(app, ownerScope);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await ownerScope.DisposeAsync();
        await owner.DisposeAsync();
    }
}
