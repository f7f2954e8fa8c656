namespace CrmBlazor.Tests.Security;

public static partial class RoleMatrix
{
    private const string Background = "background work: runs an import job StartAsync (role-checked) queued, acting for the job's user";
    private const string OwnAccount = "the signed-in user's own account or view, whatever the role";

    private static IEnumerable<Access> Reads() =>
    [
        Read("ActivityLinkFinder.FindCompaniesAsync"), Read("ActivityLinkFinder.FindContactsAsync"), Read("ActivityLinkFinder.FindDealsAsync"),
        Read("ActivityListService.CountDueTasksAsync"), Read("ActivityListService.ForCompanyAsync"), Read("ActivityListService.ForDealAsync"),
        Read("ActivityListService.ListAsync"), Read("ActivityListService.ListOwnersAsync"), Read("ActivityService.GetAsync"),
        new Open("AuditExport.TableAsync", "builds the table on the caller's context; the endpoint asks RefusalAsync (role-checked) first"),
        Read("CompanyService.GetAsync"), Read("CompanyService.GetFormAsync"), Read("CompanyService.ListAsync"),
        Read("ContactService.GetAsync"), Read("ContactService.SearchAsync"), Read("DashboardService.GetAsync"),
        Read("DealHistoryService.StageChangesAsync"), Read("DealOutcomeService.LostReasonsAsync"), Read("DealParticipantService.ListAsync"),
        Read("DealService.CurrenciesAsync"), Read("DealService.DraftAsync"), Read("DealService.FindContactsAsync"),
        Read("DealService.GetAsync"), Read("DealService.SameTitleAsync"),
        new Open("DueTaskNotifier.NotifyAsync", "tells this circuit's own listeners to recount; writes nothing"),
        new Open("GettingStartedService.DismissAsync", OwnAccount), Read("GettingStartedService.GetAsync"),
        new Open("ImportJobRun.RunAsync", Background), new Open("ImportReadPhase.RunAsync", Background),
        new Open("ImportSearchIndexing.RunAsync", Background), new Open("ImportWritePhase.RunAsync", Background),
        Read("ImportService.PresetsAsync"), Read("ImportService.ProgressAsync"), Read("ImportService.RecentAsync"), Read("ImportService.ReopenAsync"),
        Read("LookupService.ActiveUsersAsync"), Read("LookupService.FindCompaniesAsync"), Read("LookupService.PipelinesAsync"), Read("LookupService.TagsAsync"),
        Read("PipelineBoardService.GetBoardAsync"), Read("PipelineBoardService.ListAsync"), Read("PipelineBoardService.ListChoicesAsync"),
        Read("PipelineBoardService.ListPipelinesAsync"), Read("PipelineBoardService.MoreCardsAsync"),
        new Open("ProfileService.GetShellInfoAsync", OwnAccount), new Open("ProfileService.SetDarkModeAsync", OwnAccount),
        Read("RecordHistoryService.PageAsync"), Read("SearchEverythingService.SearchAsync"), Read("TagService.ListAsync"),
        Read("TimelineService.ForContactAsync"), Read("TrashService.DeletedParentsAsync"), Read("TrashService.ListAsync"),
    ];
}
