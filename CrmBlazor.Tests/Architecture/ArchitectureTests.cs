using System.Reflection;
using CrmBlazor.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using NetArchTest.Rules;

namespace CrmBlazor.Tests.Architecture;

/// <summary>The shape STYLE.md describes, checked on the compiled app so that it holds as features are added.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly App = typeof(CrmDbContext).Assembly;

    [Fact]
    public void Components_do_not_use_the_database_directly()
    {
        var result = Types.InAssembly(App).That().Inherit(typeof(ComponentBase))
            .ShouldNot().HaveDependencyOnAny(
                typeof(CrmDbContext).FullName!, "Microsoft.EntityFrameworkCore.DbContext", "Microsoft.EntityFrameworkCore.IDbContextFactory")
            .GetResult();

        Assert.True(result.IsSuccessful, "Components that reach the database themselves (inject a service instead): " + Names(result));
    }

    [Fact]
    public void Every_routable_component_says_who_may_open_it()
    {
        var undecided = App.GetTypes()
            .Where(t => t.GetCustomAttributes<RouteAttribute>().Any())
            .Where(t => !t.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any()
                        && !t.GetCustomAttributes<AllowAnonymousAttribute>(inherit: true).Any())
            .Select(t => t.FullName)
            .ToList();

        Assert.True(undecided.Count == 0, "Pages with neither [Authorize] nor [AllowAnonymous]: " + string.Join(", ", undecided));
    }

    [Fact]
    public void Features_reach_each_other_only_through_their_public_types()
    {
        var features = App.GetTypes()
            .Select(FeatureOf)
            .OfType<string>()
            .Where(f => f != SharedKernel)
            .Distinct()
            .ToList();
        Assert.Contains("CrmBlazor.Features.Deals", features);

        var trespasses = new List<string>();
        foreach (var feature in features)
        {
            var internals = App.GetTypes()
                .Where(t => FeatureOf(t) == feature && !IsVisibleToOtherFeatures(t))
                .Select(t => t.FullName!)
                .ToArray();
            if (internals.Length == 0) continue;
            var result = Types.InAssembly(App).That().ResideInNamespaceStartingWith("CrmBlazor.Features")
                .And().DoNotResideInNamespaceStartingWith(feature)
                .ShouldNot().HaveDependencyOnAny(internals)
                .GetResult();
            if (!result.IsSuccessful) trespasses.Add($"{feature}'s internals used by {Names(result)}");
        }

        Assert.True(trespasses.Count == 0, string.Join("; ", trespasses));
    }

    private const string SharedKernel = "CrmBlazor.Features.Shared";

    /// <summary>The feature a type belongs to: its first namespace under CrmBlazor.Features (Deals.Moves is part of Deals).</summary>
    private static string? FeatureOf(Type type)
    {
        var parts = type.Namespace?.Split('.') ?? [];
        return parts.Length >= 3 && parts[0] == "CrmBlazor" && parts[1] == "Features" ? $"CrmBlazor.Features.{parts[2]}" : null;
    }

    // Compiler-generated closures and state machines belong to their declaring type.
    private static bool IsVisibleToOtherFeatures(Type type) =>
        type.IsVisible || type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false)
                       || type.DeclaringType is { } declaring && !declaring.IsVisible;

    private static string Names(NetArchTest.Rules.TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);
}
