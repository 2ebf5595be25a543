using System.Diagnostics;

namespace MjpegGateway.Telemetry;

/// <summary>
/// The gateway's trace spans: one per upstream connection attempt (connect to response headers) and one per
/// stream session. Free when no tracer listens (OTLP not configured): <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null.
/// </summary>
public static class GatewayActivities
{
    /// <summary>ActivitySource name to subscribe to.</summary>
    public const string SourceName = "MjpegGateway";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a root span for one connection attempt to a camera profile (not a child of the viewer request that woke the upstream).</summary>
    public static Activity? StartUpstreamAttempt(string feed, string host)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // The upstream outlives the request that started it; its attempts are traces of their own.
        Activity.Current = null;
        var activity = Source.StartActivity("mjpeg.upstream.connect", ActivityKind.Client);
        activity?.SetTag(TelemetryTags.Feed, feed);
        activity?.SetTag("server.address", host);
        return activity;
    }

    /// <summary>Marks an attempt failed with a reason that carries no credentials.</summary>
    public static void Failed(Activity? activity, string reason)
    {
        activity?.SetStatus(ActivityStatusCode.Error, reason);
        activity?.Stop();
    }
}
