using System.ComponentModel.DataAnnotations;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Webhooks;

/// <summary>An endpoint as the Webhooks page lists it, with how many of its deliveries wait and how many died.</summary>
public sealed record WebhookEndpointRow(
    Guid Id, string Url, string[] Events, bool Enabled, DateTimeOffset? DisabledAt, string? DisabledReason,
    DateTimeOffset SecretRotatedAt, DateTimeOffset CreatedAt, long Version, long Pending, long Dead);

/// <summary>One line of an endpoint's delivery log. InFlight: a dispatcher is attempting it right now.</summary>
public sealed record WebhookDeliveryRow(
    Guid EventId, string Type, string Status, int Attempts, int? LastStatusCode, int? LastDurationMs, string? LastError,
    DateTimeOffset QueuedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset NextAttemptAt, bool InFlight);

/// <summary>A save that made a secret (a new endpoint, a rotation): the secret is in the answer once and never again.</summary>
public sealed record WebhookSecretResult(SaveResult Result, string? Secret)
{
    public bool Succeeded => Result.Succeeded;
}

/// <summary>Add or change an endpoint; the rules mirror webhook_endpoints' column length and CHECKs.</summary>
public sealed class WebhookForm
{
    public const string MissingUrl = "Enter the address that receives the events.";
    public const string NoEvents = "Choose at least one event.";
    public const string UnknownEvent = "Choose events from the list.";

    [Required(ErrorMessage = MissingUrl)]
    [MaxLength(2048, ErrorMessage = "Use at most 2,048 characters.")]
    public string? Url { get; set; }

    public List<string> Events { get; set; } = [];

    /// <summary>The xmin the form was loaded with; null for a new endpoint.</summary>
    public long? Version { get; set; }

    public static WebhookForm From(WebhookEndpointRow row) => new() { Url = row.Url, Events = [.. row.Events], Version = row.Version };
}
