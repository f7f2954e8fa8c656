namespace CrmBlazor.Features.Shared;

/// <summary>One entry of a picker: what is stored (Id) and what is shown (Name).</summary>
public sealed record Choice(Guid Id, string Name);
