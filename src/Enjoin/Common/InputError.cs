namespace Enjoin.Common;

/// <summary>A problem with one input record, precise enough for a person to fix it: file, line, field.</summary>
public sealed record InputError(string File, int Line, string Field, string Message)
{
    /// <summary>The one-line form the CLI prints: <c>orders.json:1: defendants[3].no: required</c>.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Field}: {Message}" : $"{File}: {Field}: {Message}";

    /// <summary>The form used in ingest summaries (<c>{"line","error"}</c>): field and message.</summary>
    public string Describe() => $"{Field}: {Message}";
}

/// <summary>Thrown when a whole input (a command's file) is refused; nothing of it was recorded.</summary>
public sealed class InputRejectedException(IReadOnlyList<InputError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<InputError> Errors { get; } = errors;

    public InputRejectedException(InputError error) : this([error]) { }
}
