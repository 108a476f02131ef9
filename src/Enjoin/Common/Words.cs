using System.Collections.Frozen;
using System.Text.Json;

namespace Enjoin.Common;

/// <summary>The snake_case word of an enum value, as DESIGN writes it (<c>cease_infringement</c>), both ways.</summary>
public static class Words<TEnum> where TEnum : struct, Enum
{
    static readonly FrozenDictionary<TEnum, string> ToWord =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    static readonly FrozenDictionary<string, TEnum> FromWord =
        ToWord.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IEnumerable<string> All => ToWord.Values.Order(StringComparer.Ordinal);

    public static string Of(TEnum value) => ToWord[value];

    public static bool TryParse(string? word, out TEnum value)
    {
        if (word is not null && FromWord.TryGetValue(word, out value)) return true;
        value = default;
        return false;
    }

    public static TEnum Parse(string word) =>
        TryParse(word, out var value) ? value : throw new FormatException($"'{word}' is not one of {string.Join(", ", All)}");
}
