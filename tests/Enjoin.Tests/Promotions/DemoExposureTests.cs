using Enjoin.Demo;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Promotions;

/// <summary>The demo (DESIGN §5.7) loaded once through the engine: its promotion events go through the audit.</summary>
public sealed class DemoLoaded : IDisposable
{
    public History History { get; } = History.Create();
    public DemoOutcome Outcome { get; }

    public DemoLoaded() => Outcome = DemoRunner.Run(History.Engine);

    public void Dispose() => History.Dispose();
}

/// <summary>DESIGN §1 fact 2 as the demo plays it: what the platform promoted after the PI is an exposure.</summary>
public sealed class DemoExposureTests(DemoLoaded demo) : IClassFixture<DemoLoaded>
{
    static readonly DateTimeOffset TroServed = History.T("2022-11-10T15:00:00Z");

    [Fact]
    public void The_demo_email_to_counsel_after_the_PI_is_an_exposure()
    {
        var exposure = Assert.Single(demo.History.Engine.Exposures(), e => e.Promotion == demo.Outcome.Cast.PromoEmailToCounsel);
        Assert.Equal(Surface.PromoEmail, exposure.Surface);
        Assert.Contains(KnowledgeCode.EnjoinedDefendant, exposure.Codes);
        Assert.Contains(exposure.Reasons, r => r.Basis.Order == "kt-pi");
        var pi = demo.History.Engine.ExposuresOfOrder("kt-pi");
        Assert.NotNull(pi);
        Assert.Contains(pi.Defendants.SelectMany(d => d.Exposures), e => e.Promotion == exposure.Promotion);
    }

    [Fact]
    public void The_demo_premium_status_granted_to_enjoined_merchants_is_exposed_and_nothing_before_the_TRO_is()
    {
        var exposures = demo.History.Engine.Exposures();
        var premium = exposures.Where(e => e.Surface == Surface.PremiumStatus).Select(e => e.Merchant).ToHashSet();
        Assert.NotEmpty(demo.Outcome.Cast.PremiumGrantedTo);
        Assert.All(demo.Outcome.Cast.PremiumGrantedTo, m => Assert.Contains(m, premium));
        Assert.DoesNotContain(exposures, e => e.At < TroServed);
        Assert.True(demo.Outcome.Promotions > demo.Outcome.Exposures.Values.Sum(), "ordinary promotions are allowed");
        Assert.Equal(exposures.Count, demo.Outcome.Exposures.Values.Sum());
        Assert.Equal(0, demo.Outcome.Skipped);
    }
}
