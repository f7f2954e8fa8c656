namespace CrmBlazor.Features.Import;

/// <summary>The wizard's steps, in order.</summary>
public enum ImportStep
{
    File,
    Mapping,
    Review,
    Run,
}
