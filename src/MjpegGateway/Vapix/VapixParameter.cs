using System.Globalization;
using System.Text.RegularExpressions;

namespace MjpegGateway.Vapix;

/// <summary>
/// One allowed query parameter of a CGI and the rule its value must pass. A valid value is re-written in canonical
/// form (numbers re-formatted, words from a fixed set), so the camera only ever receives text the gateway produced.
/// </summary>
internal sealed partial class VapixParameter
{
    private const int MaxValueLength = 256;
    private readonly Func<string, (VapixParameterCheck Check, string Canonical)> _check;

    private VapixParameter(string name, Func<string, (VapixParameterCheck, string)> check, bool required = false)
    {
        Name = name;
        _check = check;
        Required = required;
    }

    /// <summary>Exact (case-sensitive) parameter name, as VAPIX spells it.</summary>
    public string Name { get; }

    /// <summary>The CGI refuses a call without it.</summary>
    public bool Required { get; }

    /// <summary>Checks <paramref name="value"/>; <paramref name="canonical"/> is what is forwarded when valid.</summary>
    public VapixParameterCheck Check(string value, out string canonical)
    {
        canonical = string.Empty;
        if (value.Length is 0 or > MaxValueLength)
        {
            return VapixParameterCheck.Invalid;
        }

        (var check, canonical) = _check(value);
        return check;
    }

    /// <summary>A decimal number in [min, max], forwarded with at most 4 decimals.</summary>
    public static VapixParameter Number(string name, double min, double max) => new(name, value =>
        double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
        && number >= min && number <= max
            ? (VapixParameterCheck.Valid, number.ToString("0.####", CultureInfo.InvariantCulture))
            : (VapixParameterCheck.Invalid, string.Empty));

    /// <summary>An integer in [min, max].</summary>
    public static VapixParameter Integer(string name, int min, int max) => new(name, value =>
        TryInteger(value, min, max, out var number)
            ? (VapixParameterCheck.Valid, number.ToString(CultureInfo.InvariantCulture))
            : (VapixParameterCheck.Invalid, string.Empty));

    /// <summary>Two comma-separated integers in [min, max], e.g. <c>continuouspantiltmove=30,-10</c>.</summary>
    public static VapixParameter IntegerPair(string name, int min, int max) => new(name, value =>
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        return comma > 0
            && TryInteger(value[..comma], min, max, out var first)
            && TryInteger(value[(comma + 1)..], min, max, out var second)
                ? (VapixParameterCheck.Valid, string.Create(CultureInfo.InvariantCulture, $"{first},{second}"))
                : (VapixParameterCheck.Invalid, string.Empty);
    });

    /// <summary>One word of <paramref name="allowed"/>; words of <paramref name="forbidden"/> are refused with 403.</summary>
    public static VapixParameter OneOf(string name, string[] allowed, string[]? forbidden = null, bool required = false) => new(
        name,
        value => allowed.Contains(value, StringComparer.Ordinal) ? (VapixParameterCheck.Valid, value)
            : forbidden?.Contains(value, StringComparer.OrdinalIgnoreCase) == true ? (VapixParameterCheck.Forbidden, string.Empty)
            : (VapixParameterCheck.Invalid, string.Empty),
        required);

    /// <summary>An image resolution <c>WxH</c>, each 1..9999.</summary>
    public static VapixParameter Resolution(string name) => new(name, value =>
        ResolutionPattern().IsMatch(value) ? (VapixParameterCheck.Valid, value) : (VapixParameterCheck.Invalid, string.Empty));

    /// <summary>A video source: <c>1</c>..<c>16</c> or <c>quad</c>.</summary>
    public static VapixParameter VideoSource(string name) => new(name, value =>
        value == "quad" ? (VapixParameterCheck.Valid, value)
        : TryInteger(value, 1, 16, out var source) ? (VapixParameterCheck.Valid, source.ToString(CultureInfo.InvariantCulture))
        : (VapixParameterCheck.Invalid, string.Empty));

    /// <summary>Comma-separated parameter group names (<c>Brand,Properties.PTZ</c>), letters, digits, <c>_</c> and dots only.</summary>
    public static VapixParameter GroupList(string name) => new(name, value =>
        GroupListPattern().IsMatch(value) ? (VapixParameterCheck.Valid, value) : (VapixParameterCheck.Invalid, string.Empty));

    private static bool TryInteger(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    [GeneratedRegex("^[1-9][0-9]{0,3}x[1-9][0-9]{0,3}\\z")]
    private static partial Regex ResolutionPattern();

    [GeneratedRegex("^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*(,[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*){0,15}\\z")]
    private static partial Regex GroupListPattern();
}
