using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using MjpegGateway.RateLimiting;
using MjpegGateway.Upstream;

namespace MjpegGateway.Telemetry;

/// <summary>Registers metrics, traces, stream sessions and the audit of refused requests.</summary>
public static class TelemetryServiceCollectionExtensions
{
    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string MemoryPoolMeterName = "Microsoft.AspNetCore.MemoryPool";
    private static readonly string[] UntracedPaths = ["/healthz", "/readyz", "/metrics"];

    /// <summary>
    /// Adds the gateway's meter and sessions, OpenTelemetry metrics (gateway, ASP.NET Core, HttpClient, runtime) with a
    /// Prometheus exporter, and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces and OTLP export of every signal.
    /// </summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<FeedMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedMetrics>());
        services.AddSingleton<IStartupFilter, RejectionAuditStartupFilter>();
        services.AddSingleton(sp => new LogThrottle(
            sp.GetRequiredService<IOptions<TelemetryOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(AuditLog.Category)));

        // Kestrel's loggers come from the DI logger factory: wrap it so its warning and error lines are throttled too.
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new ThrottledLoggerFactory(
            new LoggerFactory(
                sp.GetServices<ILoggerProvider>(),
                sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetService<IOptions<LoggerFactoryOptions>>(),
                sp.GetService<IExternalScopeProvider>()),
            () => sp.GetRequiredService<LogThrottle>())));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, MetricsAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(TelemetryPolicies.Metrics, p => p.AddRequirements(new MetricsAccessRequirement()));

        var serviceName = configuration.GetSection(TelemetryOptions.Section)[nameof(TelemetryOptions.ServiceName)] ?? new TelemetryOptions().ServiceName;
        var exportMemoryPool = configuration.GetSection(TelemetryOptions.Section).GetValue(nameof(TelemetryOptions.ExportMemoryPoolMetrics), false);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(serviceName)
                // Resolved when the providers are built: the cluster names the instance by then.
                .AddDetector(sp => new ServiceInstanceDetector(sp.GetRequiredService<IOptions<TelemetryOptions>>().Value.ServiceInstanceId)))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // A dropped instrument is never enabled, so Kestrel's pool skips the recording altogether.
                .AddView(instrument => !exportMemoryPool && instrument.Meter.Name == MemoryPoolMeterName ? MetricStreamConfiguration.Drop : null)
                .AddPrometheusExporter());

        // Traces cost an allocation per span; record them only when they go somewhere.
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(GatewayActivities.SourceName, UpstreamActivities.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !UntracedPaths.Contains(context.Request.Path.Value, StringComparer.Ordinal))
                .AddHttpClientInstrumentation());
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>
    /// Maps the Prometheus scrape endpoint (<c>Telemetry:MetricsPath</c>), guarded by <see cref="TelemetryPolicies.Metrics"/>
    /// and in the <c>admin</c> rate-limit group (a scraper polling faster than that belongs in <c>RateLimits:ExemptNetworks</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayTelemetry(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        endpoints.MapPrometheusScrapingEndpoint(options.MetricsPath)
            .RequireAuthorization(TelemetryPolicies.Metrics)
            .WithRateLimitGroup(RateLimitGroups.Admin);
        return endpoints;
    }
}
