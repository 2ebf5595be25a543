using MjpegGateway.Configuration;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Tests.Units;

public sealed class StreamingOptionsValidationTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(4096, true)]
    [InlineData(24 * 1024, true)]
    [InlineData(100, false)]
    [InlineData(-1, false)]
    public void Write_slice_is_whole_frames_or_at_least_one_pool_block(int sliceBytes, bool valid)
    {
        AssertValidation(new GatewayOptionsValidator().Validate(null, new GatewayOptions { ViewerWriteSliceBytes = sliceBytes }), valid, "Gateway:ViewerWriteSliceBytes");
    }

    [Theory]
    [InlineData(5, 3, true, "Gateway:Overload")]
    [InlineData(1, 1, true, "Gateway:Overload")]
    [InlineData(60, 60, true, "Gateway:Overload")]
    [InlineData(0, 1, false, "Gateway:Overload:WindowSeconds")]
    [InlineData(61, 3, false, "Gateway:Overload:WindowSeconds")]
    [InlineData(5, 0, false, "Gateway:Overload:SkippingSeconds")]
    [InlineData(5, 6, false, "Gateway:Overload:SkippingSeconds")]
    public void Overload_window_is_1_to_60_seconds_with_1_to_all_of_them_skipping(int window, int skipping, bool valid, string key)
    {
        var options = new GatewayOptions { Overload = new OverloadOptions { WindowSeconds = window, SkippingSeconds = skipping } };
        AssertValidation(new GatewayOptionsValidator().Validate(null, options), valid, key);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(16, true)]
    [InlineData(0, false)]
    [InlineData(1001, false)]
    public void Delivery_sampling_is_one_in_1_to_1000(int every, bool valid)
    {
        AssertValidation(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { DeliverySampleEvery = every }), valid, "Telemetry:DeliverySampleEvery");
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(500, true)]
    [InlineData(2000, true)]
    [InlineData(0, false)]
    [InlineData(2001, false)]
    public void Framework_metric_series_limit_is_1_to_2000(int limit, bool valid)
    {
        AssertValidation(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { FrameworkMetricSeriesLimit = limit }), valid, "Telemetry:FrameworkMetricSeriesLimit");
    }

    // Valid or not as expected, and a failure names its key.
    private static void AssertValidation(Microsoft.Extensions.Options.ValidateOptionsResult result, bool valid, string key)
    {
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
