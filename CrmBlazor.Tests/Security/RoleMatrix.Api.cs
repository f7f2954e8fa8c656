using CrmBlazor.Features.Api.Contacts;
using CrmBlazor.Features.Api.Keys;

namespace CrmBlazor.Tests.Security;

public static partial class RoleMatrix
{
    /// <summary>The services AddCrmApi and AddCrmApiKeys register: the API's reads, and the keys the admin page manages.</summary>
    private static IEnumerable<Access> Api() =>
    [
        Admin("ApiKeyService.CreateAsync", Now(On<ApiKeyService>(CreateKeyAsync))),
        Admin("ApiKeyService.ListAsync", Now(On<ApiKeyService>(k => k.ListAsync(Ct)))),
        Admin("ApiKeyService.RevokeAsync", async rows =>
        {
            var (key, _) = await rows.AsOwner<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = "Matrix", Scopes = ["contacts:read"] }, Ct);
            return On<ApiKeyService>(k => k.RevokeAsync(key!.Id, Ct));
        }),
        new Open("ApiKeyUse.RecordAsync", "the API's note of a signed-in key's use, for every call whatever its creator's role; writes no record"),
        Read("ContactListing.GetAsync"), Read("ContactListing.GetManyAsync"), Read("ContactListing.PageAsync"),
        Read("CompanyListing.GetAsync"), Read("CompanyListing.GetManyAsync"), Read("CompanyListing.PageAsync"),
        Read("TagListing.GetAsync"), Read("TagListing.PageAsync"),
        Read("DealListing.GetAsync"), Read("DealListing.GetManyAsync"), Read("DealListing.PageAsync"),
        Read("DealListing.IsStageOfAsync"), Read("DealListing.StageHistoryAsync"),
        Read("ActivityListing.GetAsync"), Read("ActivityListing.GetManyAsync"), Read("ActivityListing.PageAsync"),
        Read("PipelineListing.GetAsync"), Read("PipelineListing.ListAsync"), Read("PipelineListing.StageAsync"), Read("PipelineListing.LostReasonAsync"),
    ];

    /// <summary>The creation's SaveResult, for the success check (the secret beside it is not needed).</summary>
    private static async Task<Features.Shared.SaveResult> CreateKeyAsync(ApiKeyService keys) =>
        (await keys.CreateAsync(new ApiKeyForm { Name = "Matrix " + MatrixRows.Unique(), Scopes = ["contacts:read"] }, Ct)).Result;
}
