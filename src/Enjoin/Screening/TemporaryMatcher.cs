// Stand-in until the automaton lands from the matcher branch; same API.
using System.Globalization;
using System.Text;

namespace Enjoin.Screening;

public enum ListingField { Title, Description, Brand }

public readonly record struct MarkMatch(string Mark, ListingField Field, int Start, int Length);

public interface IMarkMatcher
{
    IReadOnlyList<string> Marks { get; }
    MarkMatch? FirstMatch(string? title, string? description, string? brand);
    IReadOnlyList<MarkMatch> AllMatches(string? title, string? description, string? brand);
}

public static class MarkText
{
    public static string Normalize(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}

public static class MarkMatcher
{
    public static IMarkMatcher Compile(IEnumerable<string> marks) => new Naive(marks.Where(m => !string.IsNullOrWhiteSpace(m)).ToArray());

    sealed class Naive(string[] marks) : IMarkMatcher
    {
        readonly string[] _normalized = marks.Select(MarkText.Normalize).ToArray();
        public IReadOnlyList<string> Marks => marks;
        public MarkMatch? FirstMatch(string? title, string? description, string? brand)
        {
            var all = AllMatches(title, description, brand);
            return all.Count > 0 ? all[0] : null;
        }
        public IReadOnlyList<MarkMatch> AllMatches(string? title, string? description, string? brand)
        {
            var found = new List<MarkMatch>();
            Scan(title, ListingField.Title, found);
            Scan(description, ListingField.Description, found);
            Scan(brand, ListingField.Brand, found);
            return found;
        }
        void Scan(string? text, ListingField field, List<MarkMatch> found)
        {
            if (text is null) return;
            var n = MarkText.Normalize(text);
            for (var i = 0; i < marks.Length; i++)
                if (_normalized[i].Length > 0 && n.Contains(_normalized[i], StringComparison.Ordinal))
                    found.Add(new MarkMatch(marks[i], field, 0, text.Length));
        }
    }
}
