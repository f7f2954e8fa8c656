namespace CrmBlazor.Features.Shared;

/// <summary>A sentence for the user about one field of a form (Field is the form property's name).</summary>
public sealed record FieldError(string Field, string Message);
