using System.Globalization;

namespace Enjoin.Bench;

/// <summary>What the command-line harnesses share: options read one by one, and a temp directory kept or removed.</summary>
public static class Harness
{
    /// <summary>
    /// Parses the options with <paramref name="parse"/> (bad usage prints <paramref name="usage"/>, exit 2), then runs
    /// <paramref name="bench"/> in a fresh temp directory, deleted afterwards unless <paramref name="keep"/> says so.
    /// </summary>
    public static int Run<TOptions>(string name, string usage, string[] args, Func<Arguments, TOptions> parse, Func<TOptions, bool> keep,
        Func<TOptions, string, int> bench, Action? afterwards = null)
    {
        TOptions options;
        try
        {
            options = parse(new Arguments(args));
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"{name}: {e.Message}");
            Console.Error.WriteLine($"usage: Enjoin.Bench {name} {usage}");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory($"enjoin-{name}-");
        try
        {
            return bench(options, dir.FullName);
        }
        finally
        {
            afterwards?.Invoke();
            if (keep(options)) Console.WriteLine($"kept {dir.FullName}");
            else dir.Delete(recursive: true);
        }
    }

    /// <summary>The options of a command line, one at a time; values are read after their option.</summary>
    public sealed class Arguments(string[] args)
    {
        int _next;

        /// <summary>The next option's name, or null at the end.</summary>
        public string? Option() => _next < args.Length ? args[_next++] : null;

        public string Value() => _next < args.Length ? args[_next++] : throw new FormatException($"{args[_next - 1]} needs a value");

        public int Count() => int.TryParse(Value(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new FormatException($"{args[_next - 2]} needs a positive whole number");

        public double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            ? x : throw new FormatException($"{args[_next - 2]} needs a number");

        public static FormatException Unknown(string option) => new($"unknown option {option}");
    }
}
