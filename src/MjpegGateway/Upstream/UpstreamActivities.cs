using System.Diagnostics;

namespace MjpegGateway.Upstream;

/// <summary>
/// The upstream's trace span: one per connection attempt (connect to response headers). Its own source, so the
/// upstream depends on no telemetry type; Telemetry subscribes to it. Free when no tracer listens.
/// </summary>
public static class UpstreamActivities
{
    /// <summary>ActivitySource name to subscribe to.</summary>
    public const string SourceName = "MjpegGateway.Upstream";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a root span for one connection attempt to a camera profile (not a child of the viewer request that woke the upstream).</summary>
    public static Activity? StartAttempt(string feed, string host)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // The upstream outlives the request that started it; its attempts are traces of their own.
        Activity.Current = null;
        var activity = Source.StartActivity("mjpeg.upstream.connect", ActivityKind.Client);
        // Same tag name as the Telemetry/TelemetryTags.Feed metrics use.
        activity?.SetTag("feed", feed);
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
