using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Import;

/// <summary>A job's status as a user reads it, and which step of the wizard shows a job in it.</summary>
public static class ImportStatusText
{
    public static string Describe(string status) => status switch
    {
        ImportJob.Pending => "Uploaded, not yet reviewed",
        ImportJob.Validating => "Checking the rows…",
        ImportJob.Ready => "Reviewed, ready to import",
        ImportJob.Importing => "Importing…",
        ImportJob.Completed => "Completed",
        ImportJob.Failed => "Failed: nothing was imported",
        ImportJob.Cancelled => "Cancelled: nothing was imported",
        _ => status,
    };

    /// <summary>True while the job changes on its own (the page polls it).</summary>
    public static bool IsMoving(string status) => status is ImportJob.Validating or ImportJob.Importing;

    public static ImportStep StepOf(ImportProgress job) => job.Status switch
    {
        // Uploaded and left before mapping: mapped again from the stored file (ImportService.ReopenAsync).
        ImportJob.Pending => ImportStep.Mapping,
        ImportJob.Validating => ImportStep.Review,
        ImportJob.Ready => ImportStep.Review,
        // A job that failed while checking never got to the import step.
        ImportJob.Failed when job.Result is null && job.RowsWritten == 0 && job.Review is null => ImportStep.Review,
        _ => ImportStep.Run,
    };
}
