using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using MjpegGateway.Cameras;
using MjpegGateway.Http;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace MjpegGateway.Vapix;

/// <summary>
/// The endpoint of every allow-listed CGI, so nothing is forwarded that it has not allowed: a bearer token with rights
/// to the camera and from an allowed network, a request target already in canonical form that names an allow-listed
/// CGI exactly, a role high enough for it, an allowed method, and only allow-listed parameters with valid values. Then
/// it forwards through YARP's <see cref="IHttpForwarder"/> with the camera's own client, turns transport failures into
/// problem details (502 unreachable, 504 timeout) and writes the audit line. The camera is looked up per request, so
/// added, edited and removed cameras and <c>Vapix:Enabled</c> apply without a restart.
/// </summary>
internal sealed class VapixGuard(
    CameraCatalog catalog,
    CameraAccessDecision access,
    IOptionsMonitor<VapixOptions> options,
    IHttpForwarder forwarder,
    VapixCameraClients clients,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private const int MaxNameLength = 64;
    private readonly ILogger _audit = loggers.CreateLogger(AuditLog.Category);
    private readonly ILogger _logger = loggers.CreateLogger<VapixGuard>();

    /// <summary>Checks, forwards and audits one call to <paramref name="cgi"/> on camera <paramref name="cameraId"/> (the route value).</summary>
    public async Task InvokeAsync(HttpContext context, string cameraId, VapixCgi cgi)
    {
        var started = time.GetTimestamp();
        var outcome = "error";
        var known = options.CurrentValue.Enabled && catalog.TryGet(cameraId, out var found) ? found : null;
        try
        {
            var (refusal, reason, call) = await CheckAsync(context, cameraId, known, cgi);
            if (refusal is not null)
            {
                outcome = reason;
                await refusal.ExecuteAsync(context);
                return;
            }

            context.Features.Set(call);
            // Whatever body the client sent stays here: POST parameters travel in the camera request's query.
            context.Features.Set<IHttpRequestBodyDetectionFeature>(NoRequestBody.Instance);
            await ForwardAsync(context, known!.Camera);
            outcome = await AnswerFailureAsync(context, call!);
        }
        finally
        {
            var caller = Caller.Of(context);
            VapixLog.Call(
                _audit,
                context.Request.Method,
                cgi.Key,
                // Only a configured id is written: any other is whatever the caller put in the path.
                known is null ? "?" : cameraId,
                context.Response.StatusCode,
                outcome,
                caller.AuditName,
                caller.Address,
                time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>True when the request target was sent exactly as <paramref name="expected"/>: nothing was percent-decoded or dot-resolved on the way.</summary>
    internal static bool IsCanonicalTarget(HttpContext context, string expected)
    {
        var request = context.Request;
        if (!string.Equals(request.Path.Value, expected, StringComparison.Ordinal))
        {
            return false;
        }

        // Kestrel decodes %XX and removes dot segments before routing; comparing with the raw target refuses any request
        // that needed either, so an encoded path can never be read one way here and another way anywhere else.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return false;
        }

        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? raw : raw[..question];
        return string.Equals(rawPath, request.PathBase.Value + expected, StringComparison.Ordinal);
    }

    private async Task<(IResult? Refusal, string Reason, VapixCall? Call)> CheckAsync(HttpContext context, string cameraId, CameraEntry? known, VapixCgi cgi)
    {
        var user = context.User;
        if (access.Decide(context, known?.AccessRules) is { } refused)
        {
            return (refused.Problem, refused.Reason, null);
        }

        if (known is null)
        {
            return (Problems.NotFound("No camera with this id."), "unknown camera", null);
        }

        if (!IsCanonicalTarget(context, VapixRoutes.ClientPath(cameraId, cgi)))
        {
            return (Problems.Forbidden("This VAPIX path is not allowed."), "path not allowed", null);
        }

        if (!GatewayRoles.HasAtLeast(user, cgi.MinimumRole))
        {
            return (Problems.Forbidden($"Your role may not call {cgi.Path}."), "role too low", null);
        }

        if (!cgi.Methods.Contains(context.Request.Method, StringComparer.Ordinal))
        {
            context.Response.Headers.Allow = string.Join(", ", cgi.Methods);
            return (Results.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed", detail: $"{cgi.Path} accepts {string.Join(" and ", cgi.Methods)}."), "method not allowed", null);
        }

        var (parameters, problem) = await ReadParametersAsync(context, cgi);
        if (problem is not null)
        {
            return (problem, "bad parameters", null);
        }

        var (query, refusal, reason) = Canonicalize(context, cgi, parameters!);
        return refusal is not null ? (refusal, reason, null) : (null, string.Empty, new VapixCall(cameraId, cgi, query));
    }

    private async Task<(IReadOnlyList<KeyValuePair<string, StringValues>>? Parameters, IResult? Problem)> ReadParametersAsync(HttpContext context, VapixCgi cgi)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return ([.. QueryHelpers.ParseQuery(request.QueryString.Value)], null);
        }

        if (request.QueryString.HasValue)
        {
            return (null, Problems.BadRequest($"Send the parameters of a POST to {cgi.Path} in the form body, not in the query."));
        }

        if (!request.HasFormContentType)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "POST parameters must be application/x-www-form-urlencoded."));
        }

        var limit = options.CurrentValue.MaxFormBytes;
        if (request.ContentLength > limit)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"The form body may hold at most {limit} bytes."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            var reader = new FormReader(request.Body, Encoding.UTF8)
            {
                ValueCountLimit = VapixAllowList.MaxParameters,
                KeyLengthLimit = MaxNameLength,
                ValueLengthLimit = limit,
            };
            var form = await reader.ReadFormAsync(context.RequestAborted);
            return ([.. form], null);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return (null, Problems.BadRequest("The form body is malformed or too large."));
        }
    }

    private static (string Query, IResult? Refusal, string Reason) Canonicalize(HttpContext context, VapixCgi cgi, IReadOnlyList<KeyValuePair<string, StringValues>> parameters)
    {
        // Refused rather than dropped: a command that silently loses a parameter (a mistyped speed, a stray action)
        // would do something other than what the operator asked for, and a probe would leave no trace.
        if (parameters.Count > VapixAllowList.MaxParameters)
        {
            return (string.Empty, Problems.BadRequest($"At most {VapixAllowList.MaxParameters} parameters are allowed."), "bad parameters");
        }

        var query = new StringBuilder();
        foreach (var (name, values) in parameters)
        {
            if (!cgi.Parameters.TryGetValue(name, out var rule))
            {
                var shown = name.Length > MaxNameLength ? name[..MaxNameLength] + "…" : name;
                return (string.Empty, Problems.BadRequest($"Parameter '{shown}' is not allowed on {cgi.Path}. Allowed: {string.Join(", ", cgi.Parameters.Keys)}."), "parameter not allowed");
            }

            if (values.Count != 1)
            {
                return (string.Empty, Problems.BadRequest($"Parameter '{name}' may be given once."), "bad parameters");
            }

            switch (rule.Check(values[0] ?? string.Empty, out var canonical))
            {
                case VapixParameterCheck.Forbidden:
                    return (string.Empty, Problems.Forbidden($"{cgi.Path} with this {name} is not allowed through the gateway."), "operation not allowed");
                case VapixParameterCheck.Invalid:
                    return (string.Empty, Problems.BadRequest($"Parameter '{name}' has an invalid value."), "bad parameters");
            }

            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(canonical));
        }

        foreach (var rule in cgi.Parameters.Values.Where(r => r.Required))
        {
            if (!parameters.Any(p => p.Key == rule.Name))
            {
                return (string.Empty, Problems.BadRequest($"Parameter '{rule.Name}' is required on {cgi.Path}."), "bad parameters");
            }
        }

        return (query.ToString(), null, string.Empty);
    }

    // SendAsync sets IForwarderErrorFeature on a failure, which AnswerFailureAsync reads.
    private ValueTask<ForwarderError> ForwardAsync(HttpContext context, Camera camera)
    {
        var request = new ForwarderRequestConfig
        {
            ActivityTimeout = TimeSpan.FromSeconds(options.CurrentValue.TimeoutSeconds),
            // Cameras speak HTTP/1.1; asking for 2 would only cost an ALPN round on https cameras.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        return forwarder.SendAsync(context, VapixRoutes.BaseAddress(camera), clients.For(camera), request, VapixTransformer.Instance);
    }

    private async Task<string> AnswerFailureAsync(HttpContext context, VapixCall call)
    {
        var response = context.Response;
        if (context.GetForwarderErrorFeature() is { } failure)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return "client gone";
            }

            VapixLog.CameraFailed(_logger, call.CameraId, call.Cgi.Key, failure.Error.ToString());
            if (response.HasStarted)
            {
                return "failed mid-response";
            }

            if (response.StatusCode == StatusCodes.Status504GatewayTimeout)
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status504GatewayTimeout,
                    title: "Camera timeout",
                    detail: $"The camera did not answer within {options.CurrentValue.TimeoutSeconds:0.#} s.").ExecuteAsync(context);
                return "camera timeout";
            }

            await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Camera unreachable", detail: "The camera could not be reached.").ExecuteAsync(context);
            return "camera unreachable";
        }

        if (call.CameraRefusedStatus is { } refused)
        {
            VapixLog.CameraRefused(_logger, call.CameraId, call.Cgi.Key, refused);
            if (!response.HasStarted)
            {
                // Not the caller's 401/403: the camera turned the gateway's own account away. Saying so as 502 keeps the
                // client from mistaking it for a problem with its token, and the camera's challenge never leaves the gateway.
                await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Camera refused the gateway", detail: "The camera refused the gateway's request.").ExecuteAsync(context);
            }

            return "camera refused";
        }

        return "forwarded";
    }

    /// <summary>Tells the forwarder the request has no body to copy.</summary>
    private sealed class NoRequestBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly NoRequestBody Instance = new();

        public bool CanHaveBody => false;
    }
}
