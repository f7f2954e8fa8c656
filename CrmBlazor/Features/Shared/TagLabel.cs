namespace CrmBlazor.Features.Shared;

/// <summary>A tag as records and pickers show it; the TagChip component draws it in its color.</summary>
public sealed record TagLabel(Guid Id, string Name, string Color);
