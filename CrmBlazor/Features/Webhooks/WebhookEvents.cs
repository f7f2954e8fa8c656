namespace CrmBlazor.Features.Webhooks;

/// <summary>
/// The events an endpoint may subscribe to, as crm_webhook_event_names() lists them in the database
/// (the CHECK on webhook_endpoints and the outbox; a test compares the two lists).
/// </summary>
public static class WebhookEvents
{
    /// <summary>The test event "Send test event" delivers to one endpoint, subscribed or not.</summary>
    public const string Ping = "ping";

    public static readonly IReadOnlyList<string> All =
    [
        "contact.created", "contact.updated", "contact.deleted",
        "company.created", "company.updated", "company.deleted",
        "deal.created", "deal.updated", "deal.stage_changed", "deal.won", "deal.lost", "deal.deleted",
        "activity.created", "activity.updated", "activity.deleted",
    ];

    /// <summary>The events grouped by record (contact, company, deal, activity), for the form's checkboxes.</summary>
    public static IEnumerable<IGrouping<string, string>> ByRecord => All.GroupBy(e => e[..e.IndexOf('.')]);
}
