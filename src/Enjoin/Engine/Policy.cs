namespace Enjoin.Engine;

public enum RepeatInfringerAction { Terminate, Suspend }

/// <summary>The policy in force, with DESIGN's defaults.</summary>
public sealed record Policy
{
    /// <summary>DESIGN §4.1.5: a served order with an active cease_infringement clause is one strike per defendant.</summary>
    public bool OrderStrikes { get; init; } = true;
    public TimeSpan StrikeWindow { get; init; } = TimeSpan.FromDays(365);
    public int StrikeThreshold { get; init; } = 3;
    public RepeatInfringerAction RepeatInfringerAction { get; init; } = RepeatInfringerAction.Terminate;
    public TimeSpan TakedownSla { get; init; } = TimeSpan.FromHours(24);
    public int CounterNoticeWaitBusinessDays { get; init; } = 10;

    public static readonly Policy Default = new();
}
