using System.Text.RegularExpressions;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>
/// Reads the <c>Cameras</c> section camera by camera and validates each one, collecting every error
/// with the key it concerns. A bad camera is reported and left out; the others run.
/// </summary>
public static partial class CameraConfigReader
{
    /// <summary>Configuration section holding the cameras.</summary>
    public const string Section = "Cameras";

    private const string DefaultProfileName = "default";

    /// <summary>Reads and validates every camera under <c>Cameras</c>.</summary>
    public static CameraConfigResult Read(IConfiguration configuration)
    {
        var cameras = new List<Camera>();
        var errors = new List<CameraConfigError>();
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            var id = section.Key;
            var problems = new List<string>();
            CameraOptions? options = null;
            try
            {
                options = section.Get<CameraOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new CameraOptions();
            }
            catch (InvalidOperationException ex)
            {
                // The binder names the offending key and value; the message holds no secret beyond what the
                // operator typed in a non-secret field (Password is a string and always binds).
                problems.Add(ex.Message);
            }

            if (options is { Enabled: false })
            {
                continue;
            }

            if (!IdPattern().IsMatch(id))
            {
                problems.Add($"{Section}:{id}: camera id must be 1 to 64 letters, digits, '-' or '_'.");
            }

            Camera? camera = options is null ? null : Validate(id, options, problems);
            if (problems.Count > 0 || camera is null)
            {
                errors.Add(new CameraConfigError(id, problems));
            }
            else
            {
                cameras.Add(camera);
            }
        }

        return new CameraConfigResult(cameras, errors);
    }

    private static Camera? Validate(string id, CameraOptions options, List<string> problems)
    {
        var key = $"{Section}:{id}";
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            problems.Add($"{key}:Url is required.");
            return null;
        }

        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{key}:Url must be an absolute http:// or https:// URL.");
            return null;
        }

        if (!string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            problems.Add($"{key}:Url must not carry credentials; use Username and Password.");
        }

        var scheme = options.AuthScheme ?? (string.IsNullOrEmpty(options.Username) ? CameraAuthScheme.None : CameraAuthScheme.Digest);
        if (scheme != CameraAuthScheme.None && (string.IsNullOrEmpty(options.Username) || options.Password is null))
        {
            problems.Add($"{key}: AuthScheme {scheme} needs Username and Password.");
        }

        if (scheme == CameraAuthScheme.Basic && baseUrl.Scheme == Uri.UriSchemeHttp && !options.AllowBasicOverHttp)
        {
            problems.Add($"{key}:AuthScheme Basic over plain http would send the password in clear; use Digest, an https:// Url, or set AllowBasicOverHttp.");
        }

        CheckPositive(options.IdleLingerSeconds, $"{key}:IdleLingerSeconds", problems, allowZero: true);
        CheckPositive(options.ConnectTimeoutSeconds, $"{key}:ConnectTimeoutSeconds", problems);
        CheckPositive(options.FrameTimeoutSeconds, $"{key}:FrameTimeoutSeconds", problems);
        if (options.MaxViewers < 1)
        {
            problems.Add($"{key}:MaxViewers must be at least 1.");
        }

        var profiles = new Dictionary<string, Uri>(StringComparer.Ordinal);
        if (options.Profiles.Count == 0)
        {
            profiles[DefaultProfileName] = baseUrl;
        }

        foreach (var (name, query) in options.Profiles)
        {
            if (!IdPattern().IsMatch(name))
            {
                problems.Add($"{key}:Profiles:{name}: profile name must be 1 to 64 letters, digits, '-' or '_'.");
                continue;
            }

            if (query.Contains('#') || query.Any(char.IsWhiteSpace) || query.Any(char.IsControl))
            {
                problems.Add($"{key}:Profiles:{name}: query must be URL-encoded, without spaces or '#'.");
                continue;
            }

            var builder = new UriBuilder(baseUrl);
            var existing = builder.Query.TrimStart('?');
            var extra = query.TrimStart('?');
            builder.Query = existing.Length == 0 ? extra : extra.Length == 0 ? existing : existing + "&" + extra;
            profiles[name] = builder.Uri;
        }

        var allowedNetworks = Security.NetworkList.Parse(options.AllowedNetworks, $"{key}:AllowedNetworks", problems);
        var defaultProfile = options.DefaultProfile ?? profiles.Keys.FirstOrDefault();
        if (defaultProfile is null || !profiles.ContainsKey(defaultProfile))
        {
            problems.Add($"{key}:DefaultProfile '{options.DefaultProfile}' is not one of the camera's profiles.");
        }

        if (problems.Count > 0)
        {
            return null;
        }

        return new Camera
        {
            Id = id,
            Name = string.IsNullOrWhiteSpace(options.Name) ? id : options.Name,
            Profiles = profiles,
            DefaultProfile = defaultProfile!,
            Options = options,
            AuthScheme = scheme,
            AllowedNetworks = allowedNetworks,
        };
    }

    private static void CheckPositive(double value, string key, List<string> problems, bool allowZero = false)
    {
        if (double.IsNaN(value) || value < 0 || (!allowZero && value == 0) || value > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            problems.Add($"{key} must be a {(allowZero ? "non-negative" : "positive")} number of seconds.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex IdPattern();
}
