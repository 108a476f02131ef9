namespace Enjoin.Tests; public class SmokeTests { [Fact] public void Builds() => Assert.True(typeof(Enjoin.Placeholder) != null); }
