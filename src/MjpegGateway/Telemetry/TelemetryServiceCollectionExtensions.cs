using System.Diagnostics.Metrics;
using System.Globalization;
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
    // Meters whose series grow with the fleet: the gateway's own (camera, profile) and the camera-facing HttpClient's and DNS's (host).
    private static readonly HashSet<string> FleetSizedMeters = [GatewayMetrics.MeterName, "System.Net.Http", "System.Net.NameResolution"];

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

        // Read here because the views are fixed when the provider is built. Parsed leniently: a bad value falls back to the
        // default, and StartupConfigurationCheck stops the start with the key's name (GetValue would throw unnamed first).
        var section = configuration.GetSection(TelemetryOptions.Section);
        var defaults = new TelemetryOptions();
        var serviceName = section[nameof(TelemetryOptions.ServiceName)] ?? defaults.ServiceName;
        var exportMemoryPool = bool.TryParse(section[nameof(TelemetryOptions.ExportMemoryPoolMetrics)], out var export) ? export : defaults.ExportMemoryPoolMetrics;
        var frameworkSeriesLimit = int.TryParse(section[nameof(TelemetryOptions.FrameworkMetricSeriesLimit)], NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)
            && limit is >= 1 and <= TelemetryOptionsValidator.MaxSeriesLimit
                ? limit
                : defaults.FrameworkMetricSeriesLimit;
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
                .AddView(instrument => StreamFor(instrument, exportMemoryPool, frameworkSeriesLimit))
                .AddPrometheusExporter());

        // Traces cost an allocation per span; record them only when they go somewhere.
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            // OpenTelemetry's HttpClient instrumentation writes trace headers into every outgoing request itself, past
            // the handler's ActivityHeadersPropagator, whenever its default propagator is not plain W3C trace context; the
            // SDK's default adds baggage, and its ASP.NET Core instrumentation fills that baggage from the client's
            // header. Cameras would then get the client's traceparent, tracestate and baggage (CameraHttpInvoker keeps
            // them out). With plain trace context both leave propagation to the runtime's own, which the camera
            // handlers switch off, and the gateway's traces are unchanged.
            Sdk.SetDefaultTextMapPropagator(new OpenTelemetry.Context.Propagation.TraceContextPropagator());
            telemetry.WithTracing(tracing => tracing
                .AddSource(GatewayActivities.SourceName, UpstreamActivities.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !UntracedPaths.Contains(context.Request.Path.Value, StringComparer.Ordinal))
                .AddHttpClientInstrumentation());
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>How one instrument is exported: dropped, with a smaller series limit, or as OpenTelemetry's default (null).</summary>
    private static MetricStreamConfiguration? StreamFor(Instrument instrument, bool exportMemoryPool, int frameworkSeriesLimit)
    {
        var meter = instrument.Meter.Name;
        if (meter == MemoryPoolMeterName && !exportMemoryPool)
        {
            // A dropped instrument is never enabled, so Kestrel's pool skips the recording altogether.
            return MetricStreamConfiguration.Drop;
        }

        // Metrics keyed by camera or camera host keep the default limit; see TelemetryOptions.FrameworkMetricSeriesLimit.
        return FleetSizedMeters.Contains(meter) ? null : new MetricStreamConfiguration { CardinalityLimit = frameworkSeriesLimit };
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
