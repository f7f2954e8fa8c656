namespace CrmBlazor.Tests.Infrastructure;

/// <summary>The checkout the tests were built from: the folder above the test build that holds ./crm and CrmBlazor.sln.</summary>
public static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "crm")) && File.Exists(Path.Combine(dir.FullName, "CrmBlazor.sln")))
                return dir.FullName;
        throw new InvalidOperationException("no ./crm above " + AppContext.BaseDirectory);
    }
}
