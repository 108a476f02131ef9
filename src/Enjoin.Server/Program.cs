using Enjoin.Server;

var app = EnjoinServer.Build(ServerOptions.FromArgs(args));
app.Run();

/// <summary>The entry point, visible to integration tests (WebApplicationFactory).</summary>
public partial class Program;
