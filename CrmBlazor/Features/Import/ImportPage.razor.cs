using CrmBlazor.Components.Shared;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace CrmBlazor.Features.Import;

/// <summary>
/// The import wizard: upload, map, review, import. Once a file is uploaded the address names its job
/// (<c>/import/{id}</c>), so a reload or a later visit opens the job at the step its status is in;
/// while the job works on its own (checking or importing) the page asks for its progress twice a second.
/// </summary>
public partial class ImportPage : IAsyncDisposable
{
    public const long MaxFileSize = 200L * 1024 * 1024;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    [Inject] private ImportService Imports { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter] public Guid? JobId { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] public string? KindParameter { get; set; }

    private ImportStep step;
    private ImportKind kind;
    private ImportUpload? upload;
    private ImportMappingDraft? draft;
    private ImportProgress? job;
    private IReadOnlyList<ImportProgress> recent = [];
    private bool uploading;
    private bool busy;
    private bool notFound;
    private string? fileProblem;
    private string? reviewProblem;
    private string? runProblem;
    private IReadOnlyDictionary<string, string> reviewErrors = SaveResult.NoErrors;
    // The job (or fresh wizard, null) the page shows; navigating to its own address after an upload changes nothing.
    private Guid? shown;
    private bool started;
    private PeriodicTimer? timer;
    private readonly CancellationTokenSource disposed = new();

    private bool CanGoNext => step switch
    {
        ImportStep.File => upload is not null && !uploading,
        ImportStep.Mapping => draft is not null,
        ImportStep.Review => job?.Status == ImportJob.Ready,
        _ => false,
    };

    // A job being checked or written cannot be changed; a job written cannot be reviewed again.
    private bool CanGoBack => step switch
    {
        ImportStep.Mapping => true,
        ImportStep.Review => draft is not null && job?.Status is not ImportJob.Validating,
        ImportStep.Run => job?.Status == ImportJob.Ready,
        _ => false,
    };

    protected override async Task OnParametersSetAsync()
    {
        if (started && JobId == shown) return;
        started = true;
        StopPolling();
        (shown, upload, draft, job, notFound) = (JobId, null, null, null, false);
        (fileProblem, reviewProblem, runProblem, reviewErrors) = (null, null, null, SaveResult.NoErrors);
        if (JobId is { } id) await LoadJobAsync(id);
        else (kind, step) = (Enum.TryParse<ImportKind>(KindParameter, ignoreCase: true, out var asked) ? asked : ImportKind.Contacts, ImportStep.File);
        recent = await Imports.RecentAsync();
    }

    private async Task LoadJobAsync(Guid id)
    {
        job = await Imports.ProgressAsync(id);
        if (job is null)
        {
            notFound = true;
            return;
        }
        (kind, step) = (job.Kind, ImportStatusText.StepOf(job));
        if (job.Status == ImportJob.Pending)
        {
            upload = await Imports.ReopenAsync(id);
            if (upload is null) step = ImportStep.File;
            else draft = new ImportMappingDraft(upload);
        }
        if (ImportStatusText.IsMoving(job.Status)) StartPolling();
    }

    private void ChooseKind(ImportKind chosen)
    {
        if (chosen == kind) return;
        // An upload is read as one kind; another kind needs the file again.
        (kind, upload, draft, fileProblem) = (chosen, null, null, null);
    }

    private async Task UploadAsync(IBrowserFile file)
    {
        fileProblem = null;
        if (file.Size > MaxFileSize)
        {
            fileProblem = $"“{file.Name}” is {file.Size / (1024.0 * 1024):N0} MB; the limit is 200 MB. Split it into smaller files.";
            return;
        }
        uploading = true;
        StateHasChanged();
        try
        {
            await using var content = file.OpenReadStream(MaxFileSize, disposed.Token);
            var (read, problem) = await Imports.UploadAsync(kind, file.Name, content, disposed.Token);
            fileProblem = problem;
            if (read is null) return;
            (upload, draft, shown, job) = (read, new ImportMappingDraft(read), read.JobId, null);
            Navigation.NavigateTo($"/import/{read.JobId}");
            recent = await Imports.RecentAsync();
        }
        catch (IOException)
        {
            fileProblem = $"“{file.Name}” could not be read from your browser. Choose it again.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, the page stays and says so next to the input.
            fileProblem = FriendlyError.Describe(ex);
        }
        finally
        {
            uploading = false;
        }
    }

    private async Task NextAsync()
    {
        switch (step)
        {
            case ImportStep.File:
                step = ImportStep.Mapping;
                break;
            case ImportStep.Mapping:
                await ReviewAsync();
                break;
            case ImportStep.Review:
                step = ImportStep.Run;
                break;
        }
    }

    private void Back() => step--;

    private async Task ReviewAsync()
    {
        busy = true;
        try
        {
            var result = await Imports.ReviewAsync(upload!.JobId, draft!.ToSettings());
            reviewErrors = result.Errors;
            reviewProblem = result.Problem ?? (result.Succeeded ? null : UnshownErrors(result.Errors));
            if (!result.Succeeded) return;
            job = await Imports.ProgressAsync(upload.JobId);
            step = ImportStep.Review;
            recent = await Imports.RecentAsync();
            StartPolling();
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>Review errors about no field the mapping step shows (those appear next to their field).</summary>
    private static string? UnshownErrors(IReadOnlyDictionary<string, string> errors)
    {
        var others = errors.Where(e => !e.Key.StartsWith(nameof(ImportSettings.Columns) + "[", StringComparison.Ordinal)
                                       && e.Key is not (nameof(ImportSettings.WhenRecordExists) or nameof(ImportSettings.TagsForEveryRow)))
            .Select(e => e.Value).ToList();
        return others.Count > 0 ? string.Join(" ", others) : errors.Count > 0 ? "Some choices need fixing; see the marked fields." : null;
    }

    private Task StartAsync() => ActOnJobAsync(Imports.StartAsync);

    private Task CancelAsync() => ActOnJobAsync(Imports.CancelAsync);

    private Task UndoAsync() => ActOnJobAsync(Imports.UndoAsync);

    /// <summary>Starts, cancels or undoes the shown job, then shows where it is now.</summary>
    private async Task ActOnJobAsync(Func<Guid, Task<SaveResult>> action)
    {
        busy = true;
        try
        {
            var result = await action(job!.JobId);
            runProblem = result.Succeeded ? null : result.Problem ?? result.Errors.Values.FirstOrDefault();
            await RefreshAsync(job.JobId);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task UndoRecentAsync(Guid jobId)
    {
        var result = await Imports.UndoAsync(jobId);
        if (result.Succeeded) Snackbar.Add("The import was undone.", Severity.Success);
        else Snackbar.Add(result.Problem ?? result.Errors.Values.FirstOrDefault() ?? "The import could not be undone.", Severity.Warning);
        if (jobId == job?.JobId) await RefreshAsync(jobId);
        else recent = await Imports.RecentAsync();
    }

    private async Task RefreshAsync(Guid jobId)
    {
        job = await Imports.ProgressAsync(jobId) ?? job;
        recent = await Imports.RecentAsync();
        if (job is not null && ImportStatusText.IsMoving(job.Status)) StartPolling();
    }

    private void StartPolling()
    {
        if (timer is not null || job is null) return;
        timer = new PeriodicTimer(PollEvery);
        _ = PollAsync(timer, job.JobId);
    }

    private void StopPolling()
    {
        timer?.Dispose();
        timer = null;
    }

    // Runs on the circuit's synchronization context (started from it), so it may change the page's state.
    private async Task PollAsync(PeriodicTimer ticking, Guid jobId)
    {
        try
        {
            while (await ticking.WaitForNextTickAsync(disposed.Token))
            {
                var latest = await Imports.ProgressAsync(jobId);
                if (ticking != timer || shown != jobId) return;
                job = latest;
                if (job is null || !ImportStatusText.IsMoving(job.Status))
                {
                    StopPolling();
                    recent = await Imports.RecentAsync();
                }
                StateHasChanged();
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
        catch (Exception ex)
        {
            StopPolling();
            runProblem = FriendlyError.Describe(ex);
            StateHasChanged();
        }
    }

    public ValueTask DisposeAsync()
    {
        disposed.Cancel();
        StopPolling();
        disposed.Dispose();
        return ValueTask.CompletedTask;
    }
}
