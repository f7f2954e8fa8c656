using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Features.Deals;

public partial class DealDialog
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The deal to edit; none for a new deal.</summary>
    [Parameter] public Guid? DealId { get; set; }

    /// <summary>For a new deal: where it starts (else the default pipeline's first open stage) and whom it is with.</summary>
    [Parameter] public Guid? PipelineId { get; set; }
    [Parameter] public Guid? StageId { get; set; }
    [Parameter] public Guid? CompanyId { get; set; }
    [Parameter] public Guid? ContactId { get; set; }

    private FormDialogKeys keys = default!;
    private CompanyPicker? companyPicker;
    private FormSnapshot? snapshot;
    private DealForm form = new();
    private IReadOnlyList<PipelineChoice> pipelines = [];
    private IReadOnlyList<Choice> owners = [];
    private IReadOnlyList<TagLabel> tags = [];
    private IReadOnlyList<CurrencyChoice> currencies = [];
    private IReadOnlyCollection<Guid> tagIds = [];
    private Choice? company;
    private ContactChoice? contact;
    private DateTime? expectedClose;
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    private string? problem;
    private SameTitleDeal? sameTitle;
    private bool loading = true;
    private bool gone;
    private bool saving;

    private PipelineChoice? Pipeline => pipelines.FirstOrDefault(p => p.Id == form.PipelineId);
    private StageChoice? Stage => Pipeline?.Stages.FirstOrDefault(s => s.Id == form.StageId);

    protected override async Task OnInitializedAsync()
    {
        pipelines = await Lookups.PipelinesAsync();
        owners = await Lookups.ActiveUsersAsync();
        tags = await Lookups.TagsAsync();
        currencies = await Deals.CurrenciesAsync();
        if (DealId is { } id)
        {
            if (await Deals.GetAsync(id) is { } deal) Load(deal);
            else (gone, problem) = (true, DealService.NoLongerExists);
        }
        else
        {
            var draft = await Deals.DraftAsync(PipelineId, StageId, CompanyId, ContactId);
            (form, company, contact) = (draft.Form, draft.Company, draft.Contact);
        }
        loading = false;
        if (!gone) snapshot = Snapshot();
        await CheckTitleAsync();
    }

    /// <summary>Looks for another deal of the chosen company with the typed title (after the title or the company changes).</summary>
    private async Task CheckTitleAsync() => sameTitle = await Deals.SameTitleAsync(form.Title, company?.Id, DealId);

    private FormSnapshot Snapshot() => FormSnapshot.Of(form, company, contact, tagIds, expectedClose);

    private bool HasChanges() =>
        snapshot?.Differs(form, company, contact, tagIds, expectedClose) == true || companyPicker?.HasUnchosenText == true;

    /// <summary>Codes whose code or name holds the text; the code itself first.</summary>
    private Task<IEnumerable<string>> FindCurrencies(string? text, CancellationToken ct)
    {
        var typed = text?.Trim() ?? "";
        var found = currencies
            .Where(c => c.Code.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || c.Name.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => !c.Code.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).Select(c => c.Code);
        return Task.FromResult(found);
    }

    private string CurrencyLabel(string? code) =>
        currencies.FirstOrDefault(c => c.Code == code)?.ToString() ?? code ?? "";

    /// <summary>The chosen code's name under the field (ISO 4217 codes only).</summary>
    private string CurrencyName => currencies.FirstOrDefault(c => c.Code == form.Currency?.Trim().ToUpperInvariant())?.Name ?? "ISO 4217: type a code or a name";

    private void Load(DealDetails deal)
    {
        form = deal.ToForm();
        tagIds = form.TagIds;
        company = deal.CompanyId is { } companyId ? new Choice(companyId, deal.CompanyName ?? "(deleted company)") : null;
        contact = deal.ContactId is { } contactId ? new ContactChoice(contactId, deal.ContactName ?? "(deleted contact)", deal.CompanyId, deal.CompanyName) : null;
        expectedClose = deal.ExpectedCloseDate?.ToDateTime(TimeOnly.MinValue);
    }

    private bool Has(string field) => errors.ContainsKey(field);
    private string? ErrorFor(string field) => errors.GetValueOrDefault(field);
    private string TagName(Guid id) => tags.FirstOrDefault(t => t.Id == id)?.Name ?? "";

    // A new pipeline or stage brings its own default stage and probability.
    private void PipelineChanged(Guid? id) => (form.PipelineId, form.StageId, form.Probability) = (id, pipelines.FirstOrDefault(p => p.Id == id)?.FirstOpenStage?.Id, null);

    private void StageChanged(Guid? id) => (form.StageId, form.Probability) = (id, null);

    private async Task CompanyChanged(Choice? chosen)
    {
        company = chosen;
        // The contact list is limited to the company's people; one who works elsewhere no longer fits.
        if (chosen is not null && contact?.CompanyId != chosen.Id) contact = null;
        await CheckTitleAsync();
    }

    private async Task ContactChanged(ContactChoice? chosen)
    {
        contact = chosen;
        if (company is not null || chosen?.CompanyId is not { } companyId) return;
        company = new Choice(companyId, chosen.CompanyName ?? "");
        await CheckTitleAsync();
    }

    private async Task<IEnumerable<ContactChoice>> FindContactsAsync(string? text, CancellationToken ct) =>
        await Deals.FindContactsAsync(text, company?.Id, ct);

    private async Task SaveAsync()
    {
        if (saving) return;
        if (companyPicker?.HasUnchosenText == true)
        {
            errors = new Dictionary<string, string> { [nameof(DealForm.CompanyId)] = CompanyPicker.NotChosen };
            return;
        }
        saving = true;
        problem = null;
        form.CompanyId = company?.Id;
        form.ContactId = contact?.Id;
        form.TagIds = tagIds.ToList();
        form.ExpectedCloseDate = expectedClose is { } date ? DateOnly.FromDateTime(date) : null;
        var (result, refusal) = await Refusals.TryAsync(() => DealId is { } id ? Deals.UpdateAsync(id, form) : Deals.CreateAsync(form));
        saving = false;
        if (result is null)
        {
            problem = refusal;
            return;
        }
        if (result.Id is { } saved)
        {
            Dialog.Close(DialogResult.Ok(saved));
            return;
        }
        errors = result.Errors;
        (problem, gone) = (result.Problem, result.IsGone);
        if (result.Current is { } current) Load(current);
    }
}
