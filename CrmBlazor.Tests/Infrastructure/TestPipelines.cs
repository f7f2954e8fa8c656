using CrmBlazor.Features.Admin.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Pipelines made through Admin → Pipelines for one test, and the forms that edit their stages.</summary>
public static class TestPipelines
{
    public static PipelineAdminService PipelineAdmin(this AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<PipelineAdminService>();

    /// <summary>A pipeline of the test's own (with the default stages), so no test disturbs another's.</summary>
    public static async Task<PipelineSummary> NewPipelineAsync(this PipelineAdminService admin)
    {
        var created = await admin.CreatePipelineAsync(
            new PipelineForm { Name = "Pipeline " + Guid.NewGuid().ToString("N")[..8] }, TestContext.Current.CancellationToken);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Values));
        return await admin.ReloadAsync(created.Id!.Value);
    }

    public static async Task<PipelineSummary> ReloadAsync(this PipelineAdminService admin, Guid pipelineId) =>
        (await admin.ListAsync(TestContext.Current.CancellationToken)).Single(p => p.Id == pipelineId);

    /// <summary>The pipeline as <see cref="TestRows.AddDealAsync"/> takes it.</summary>
    public static TestPipeline AsTestPipeline(this PipelineSummary pipeline) => new(pipeline.Id, pipeline.Stages.Select(s => s.Id).ToArray());

    /// <summary>The stage's form as loaded, with CHANGE applied.</summary>
    public static StageForm Edited(this StageRow stage, Action<StageForm> change)
    {
        var form = StageForm.From(stage);
        change(form);
        return form;
    }
}
