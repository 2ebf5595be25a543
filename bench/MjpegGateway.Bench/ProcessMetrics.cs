using System.Diagnostics;
using System.Globalization;

namespace MjpegGateway.Bench;

/// <summary>One reading of a process's CPU and memory from <c>/proc</c> (Linux only).</summary>
internal readonly record struct ProcessSample(long CpuTicks, long RssKb, long PeakRssKb, int Threads);

/// <summary>One reading of the whole machine's CPU from <c>/proc/stat</c>.</summary>
internal readonly record struct MachineSample(long TotalTicks, long IdleTicks);

/// <summary>
/// Reads CPU and memory of a process by pid from <c>/proc</c>, so the gateway is measured from outside
/// with nothing injected into it.
/// </summary>
internal static class ProcessMetrics
{
    // Fields after the "(comm)" of /proc/{pid}/stat, counted from state (field 3): utime is 14, stime 15.
    private const int UtimeIndexAfterComm = 14 - 3;
    private const int StimeIndexAfterComm = 15 - 3;
    private const long DefaultClockTicks = 100;

    /// <summary>Kernel clock ticks per second (<c>getconf CLK_TCK</c>), the unit of utime and stime.</summary>
    public static long ClockTicksPerSecond { get; } = ReadClockTicks();

    public static ProcessSample Sample(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // comm may contain spaces and parentheses; everything after the last ')' is space separated.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var cpu = long.Parse(fields[UtimeIndexAfterComm], CultureInfo.InvariantCulture)
            + long.Parse(fields[StimeIndexAfterComm], CultureInfo.InvariantCulture);

        long rss = 0, peak = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKb(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ParseKb(line);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = (int)ParseKb(line);
            }
        }

        return new ProcessSample(cpu, rss, peak, threads);
    }

    public static MachineSample SampleMachine()
    {
        using var reader = new StreamReader("/proc/stat");
        var cpu = reader.ReadLine() ?? "";
        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the idle time.
        var fields = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long total = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++)
        {
            total += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }

        var idle = long.Parse(fields[4], CultureInfo.InvariantCulture) + long.Parse(fields[5], CultureInfo.InvariantCulture);
        return new MachineSample(total, idle);
    }

    /// <summary>CPU seconds between two samples of the same process.</summary>
    public static double CpuSeconds(ProcessSample start, ProcessSample end) =>
        (end.CpuTicks - start.CpuTicks) / (double)ClockTicksPerSecond;

    /// <summary>Busy cores of the whole machine between two samples.</summary>
    public static double BusyCores(MachineSample start, MachineSample end, TimeSpan wall) =>
        ((end.TotalTicks - start.TotalTicks) - (end.IdleTicks - start.IdleTicks)) / (double)ClockTicksPerSecond / wall.TotalSeconds;

    private static long ParseKb(string line)
    {
        // "VmRSS:\t   12345 kB"
        var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    private static long ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (getconf is null)
            {
                return DefaultClockTicks;
            }

            var output = getconf.StandardOutput.ReadToEnd();
            getconf.WaitForExit(5_000);
            return long.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0
                ? ticks
                : DefaultClockTicks;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return DefaultClockTicks; // no getconf: Linux has used 100 Hz USER_HZ on every common platform
        }
    }
}
