using System.Reflection;
using CrmBlazor.Features.Api;
using CrmBlazor.Features.Api.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Security;

/// <summary>The scoped services the app's feature and API registrations add (what pages and endpoints inject), and their public async methods.</summary>
public static class FeatureServices
{
    public static IReadOnlyList<Type> Scoped()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddCrmFeatures();
        builder.AddCrmApi();
        builder.AddCrmApiKeys();
        return builder.Services
            .Where(d => d.Lifetime == ServiceLifetime.Scoped && d.ServiceType.Namespace?.StartsWith("CrmBlazor.Features", StringComparison.Ordinal) == true)
            .Select(d => d.ImplementationType ?? d.ServiceType)
            .Distinct()
            .ToList();
    }

    /// <summary>"Service.Method" for every public instance method returning a task, declared by the service itself.</summary>
    public static IReadOnlyList<string> AsyncMethods() => Scoped()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name != nameof(IAsyncDisposable.DisposeAsync)
                && (typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType.Name.StartsWith("ValueTask", StringComparison.Ordinal)))
            .Select(m => $"{type.Name}.{m.Name}"))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();
}
