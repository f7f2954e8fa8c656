using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Features.Companies;

/// <summary>One company: its details, roles, contacts and deals; edited in a dialog, deleted with an undo.</summary>
public partial class CompanyPage
{
    [Parameter] public Guid Id { get; set; }

    private CompanyDetails? company;
    private IReadOnlyList<ActivityRow> activities = [];
    private string? problem;
    private bool loaded;

    /// <summary>Viewers get no write control at all (the services refuse them too).</summary>
    private bool CanEdit => Permissions.Allows(Tenant.Role, Permission.EditRecords);

    protected override async Task OnParametersSetAsync()
    {
        problem = null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        company = await Companies.GetAsync(Id);
        activities = company is null ? [] : await ActivityList.ForCompanyAsync(Id);
        loaded = true;
    }

    private async Task EditAsync()
    {
        var parameters = new DialogParameters<CompanyDialog> { { d => d.CompanyId, Id } };
        var dialog = await Dialogs.ShowAsync<CompanyDialog>("Edit company", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
            await LoadAsync();
    }

    private async Task NewDealAsync()
    {
        var parameters = new DialogParameters<DealDialog> { { d => d.CompanyId, Id } };
        var dialog = await Dialogs.ShowAsync<DealDialog>("New deal", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Guid id })
            Navigation.NavigateTo($"/deals/{id}");
    }

    private Task AddRoleAsync(string role) => ChangeRolesAsync(() => Companies.AddRoleAsync(Id, role));

    private Task RemoveRoleAsync(string role) => ChangeRolesAsync(() => Companies.RemoveRoleAsync(Id, role));

    private async Task ChangeRolesAsync(Func<Task<SaveResult<CompanyForm>>> change)
    {
        var (result, refusal) = await Refusals.TryAsync(change);
        problem = refusal ?? result!.Problem ?? result.Errors.Values.FirstOrDefault();
        await LoadAsync();
    }

    private async Task DeleteAsync()
    {
        var (deleted, refusal) = await Refusals.TryAsync(() => Companies.DeleteAsync(Id));
        if (refusal is not null)
        {
            problem = refusal;
            return;
        }
        if (!deleted)
        {
            await LoadAsync();
            return;
        }
        var (id, name) = (Id, company?.Name);
        UndoSnackbar.Offer(Snackbar, $"Deleted {name}.", () => UndoDeleteAsync(id));
        Navigation.NavigateTo("/companies");
    }

    // Runs from the snackbar after this page has been left, so it uses nothing but injected services.
    private async Task UndoDeleteAsync(Guid id)
    {
        var (result, refusal) = await Refusals.TryAsync(() => Companies.RestoreAsync(id));
        if (result is { Succeeded: true })
            Navigation.NavigateTo($"/companies/{id}");
        else
            Snackbar.Add(refusal ?? result!.Errors.Values.FirstOrDefault() ?? result.Problem ?? "", Severity.Warning);
    }
}
