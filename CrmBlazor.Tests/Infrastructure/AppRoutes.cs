using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Every route the app's pages declare: Razor's <c>@page</c> compiles to a <see cref="RouteAttribute"/>.</summary>
public static class AppRoutes
{
    public static IReadOnlyList<string> All { get; } = typeof(Program).Assembly.GetTypes()
        .SelectMany(type => type.GetCustomAttributes<RouteAttribute>())
        .Select(route => route.Template)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Order(StringComparer.OrdinalIgnoreCase)
        .ToList();
}
