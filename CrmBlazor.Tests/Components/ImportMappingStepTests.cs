using Bunit;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The mapping step against the real import service (its presets are stored rows of the demo tenant).</summary>
public sealed class ImportMappingStepTests(CrmDatabase database) : DemoAppBunitContext(database, DemoTenant.Member)
{
    private static readonly string[] Headers = ["First Name", "Lifecycle Stage", "Email", "Record ID"];

    [Fact]
    public void The_suggested_mapping_is_shown_and_unmapped_columns_are_listed_as_ignored()
    {
        var step = RenderStep(Upload(new ColumnMapping(0, ImportFields.FirstName), new ColumnMapping(2, ImportFields.Email)));

        Assert.Equal(["First name", "Ignore this column", "Email", "Ignore this column"], ShownChoices(step));
        Assert.Equal("Ava · Liam", Row(step, "First Name").QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal("Ignored columns: Lifecycle Stage, Record ID", Ignored(step));
    }

    [Fact]
    public async Task Choosing_a_field_for_an_ignored_column_maps_it_and_takes_it_off_the_ignored_list()
    {
        var draft = new ImportMappingDraft(Upload(new ColumnMapping(0, ImportFields.FirstName), new ColumnMapping(2, ImportFields.Email)));
        var step = RenderStep(draft);

        await ChooseAsync(step, "Lifecycle Stage", "Notes");
        await ChooseAsync(step, "Email", "Ignore this column");

        step.WaitForAssertion(() => Assert.Equal(["First name", "Notes", "Ignore this column", "Ignore this column"], ShownChoices(step)));
        Assert.Equal("Ignored columns: Email, Record ID", Ignored(step));
        Assert.Equal(
            [new ColumnMapping(0, ImportFields.FirstName), new ColumnMapping(1, ImportFields.Notes), new ColumnMapping(2, null), new ColumnMapping(3, null)],
            draft.ToSettings().Columns);
    }

    [Fact]
    public async Task A_saved_preset_maps_another_file_with_the_same_headers()
    {
        var first = RenderStep(Upload(new ColumnMapping(0, ImportFields.FirstName), new ColumnMapping(1, ImportFields.Tags)));
        first.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == "Preset name")
            .QuerySelector("input")!.Change("Lifecycle as tags");
        await first.InvokeAsync(() => Button(first, "Save as preset").Click());
        first.WaitForAssertion(() => Assert.Contains("Saved as “Lifecycle as tags”.", first.Markup));

        var presets = await ActingServices.GetRequiredService<ImportService>().PresetsAsync(ImportKind.Contacts);
        var saved = Assert.Single(presets, p => p.Name == "Lifecycle as tags");
        Assert.Equal(ImportFields.Tags, saved.FieldByColumnName["Lifecycle Stage"]);

        // Nothing suggested for the second file: the preset alone maps it.
        var draft = new ImportMappingDraft(Upload());
        var second = RenderStep(draft);
        await ChooseAsync(second, "Preset", "Lifecycle as tags", preset: true);

        second.WaitForAssertion(() => Assert.Equal(["First name", "Tags", "Ignore this column", "Ignore this column"], ShownChoices(second)));
    }

    private static ImportUpload Upload(params ColumnMapping[] suggested) => new(
        Guid.NewGuid(), ImportKind.Contacts, "hubspot.csv", new ImportFileFormat(ImportFileType.Csv, "UTF-8 with BOM", ',', true),
        Headers,
        [["Ava", "lead", "ava@example.com", "1"], ["", "", "", "2"], ["Liam", "customer", "liam@example.com", "3"]],
        suggested);

    private IRenderedComponent<MudPopoverProvider>? popovers;

    private IRenderedComponent<ImportMappingStep> RenderStep(ImportUpload upload) => RenderStep(new ImportMappingDraft(upload));

    private IRenderedComponent<ImportMappingStep> RenderStep(ImportMappingDraft draft)
    {
        popovers ??= Render<MudPopoverProvider>();
        return Render<ImportMappingStep>(p => p.Add(s => s.Draft, draft));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ImportMappingStep> step, string header) =>
        step.FindAll("[data-testid=mapping-row]").Single(r => r.GetAttribute("data-column") == header);

    /// <summary>What each row's "Maps to" shows, in column order.</summary>
    private static List<string?> ShownChoices(IRenderedComponent<ImportMappingStep> step) =>
        step.FindAll("[data-testid=mapping-row] input:not([type=hidden])").Select(i => i.GetAttribute("value")).ToList();

    private static string Ignored(IRenderedComponent<ImportMappingStep> step) =>
        step.Find("[data-testid=ignored-columns]").TextContent.Trim();

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ImportMappingStep> step, string text) =>
        step.FindAll("button").Single(b => b.TextContent.Trim() == text);

    /// <summary>Opens the "Maps to" select of the column headed <paramref name="which"/> (or the preset picker) and clicks the option reading <paramref name="option"/>.</summary>
    private async Task ChooseAsync(IRenderedComponent<ImportMappingStep> step, string which, string option, bool preset = false)
    {
        if (preset)
        {
            // The presets load after the first render; until then the picker is disabled and does not open.
            step.WaitForAssertion(() => Assert.False(step.FindComponent<MudSelect<ImportPreset>>().Instance.Disabled));
            var picker = step.FindComponent<MudSelect<ImportPreset>>();
            await step.InvokeAsync(() => picker.Instance.OpenMenu());
        }
        else
        {
            var column = Array.IndexOf(Headers, which);
            var select = step.FindComponents<MudSelect<string>>()[column];
            await step.InvokeAsync(() => select.Instance.OpenMenu());
        }
        var open = popovers ?? throw new InvalidOperationException("Render the step first.");
        open.WaitForAssertion(() => Assert.Contains(open.FindAll(".mud-popover-open .mud-list-item"), i => i.TextContent.Trim() == option));
        await open.InvokeAsync(() => open.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Trim() == option).Click());
    }
}
