using System.CommandLine;
using Enjoin.Common;
using Enjoin.Screening.Images;

namespace Enjoin.Cli.Commands;

/// <summary><c>hash IMAGE</c>: the PDQ hash and quality of a PNG or JPEG (DESIGN §5.1). Needs no database.</summary>
public static class HashCommand
{
    public static Command Hash(CommandContext context)
    {
        var image = new Argument<string>("IMAGE") { Description = "a PNG or JPEG file (the format is told by its content)" };
        var command = new Command("hash", "PDQ perceptual hash and quality of an image") { image };
        command.SetAction(result =>
        {
            var path = result.GetValue(image)!;
            PdqResult pdq;
            try { pdq = PdqImage.HashFile(path); }
            catch (ImageDecodeException e)
            {
                context.Err.WriteLine(new InputError(path, 0, "(image)", e.Message));
                return Cli.BadInput;
            }
            if (context.Json(result)) context.WriteJson(new { pdq = pdq.Hash.ToString(), quality = pdq.Quality });
            else
                context.Out.WriteLine($"{path}: pdq {pdq.Hash} quality {pdq.Quality}"
                    + (pdq.IsUsable ? "" : $" (below {PdqResult.MinQuality}: screening ignores it)"));
            return Cli.Ok;
        });
        return command;
    }
}
