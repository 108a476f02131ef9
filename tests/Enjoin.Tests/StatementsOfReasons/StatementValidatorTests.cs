using System.Text.Json.Nodes;
using Enjoin.StatementsOfReasons;

namespace Enjoin.Tests.StatementsOfReasons;

/// <summary>
/// The validator holds the Transparency Database's rules for a bulk submission: one test per rule, each
/// breaking one field of a statement the API would take and expecting that field named.
/// </summary>
public sealed class StatementValidatorTests
{
    static JsonObject Valid(string puid = "enjoin-takedown_listing-1") => new()
    {
        ["puid"] = puid,
        ["decision_visibility"] = new JsonArray("DECISION_VISIBILITY_CONTENT_DISABLED"),
        ["decision_ground"] = "DECISION_GROUND_ILLEGAL_CONTENT",
        ["illegal_content_legal_ground"] = "Trademark infringement (SQUISHMALLOWS)",
        ["illegal_content_explanation"] = "A court order enjoins the defendant.",
        ["category"] = "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        ["category_specification"] = new JsonArray("KEYWORD_TRADEMARK_INFRINGEMENT"),
        ["content_type"] = new JsonArray("CONTENT_TYPE_PRODUCT"),
        ["content_date"] = "2022-12-20",
        ["application_date"] = "2022-12-28",
        ["decision_facts"] = "Access to listing L-1 was disabled under clause 1(a).",
        ["source_type"] = "SOURCE_TYPE_OTHER_NOTIFICATION",
        ["automated_detection"] = "Yes",
        ["automated_decision"] = "AUTOMATED_DECISION_FULLY",
    };

    static StatementProblem Fails(JsonObject statement, string field)
    {
        var problems = StatementValidator.Check([[statement]]);
        return Assert.Single(problems, p => p.Field == field);
    }

    static JsonObject With(string field, JsonNode? value)
    {
        var s = Valid();
        s[field] = value;
        return s;
    }

    static JsonObject Without(string field)
    {
        var s = Valid();
        s.Remove(field);
        return s;
    }

    [Fact]
    public void A_statement_the_api_takes_passes() => Assert.Empty(StatementValidator.Check([[Valid()]]));

    [Theory]
    [InlineData("decision_ground")]
    [InlineData("category")]
    [InlineData("content_type")]
    [InlineData("content_date")]
    [InlineData("application_date")]
    [InlineData("decision_facts")]
    [InlineData("source_type")]
    [InlineData("automated_detection")]
    [InlineData("automated_decision")]
    [InlineData("puid")]
    public void Missing_required_field_is_named(string field)
    {
        var problem = Fails(Without(field), field);
        Assert.Contains("required", problem.Message);
    }

    [Fact]
    public void Blank_text_counts_as_missing() => Fails(With("decision_facts", "   "), "decision_facts");

    [Fact]
    public void A_statement_without_any_restriction_is_refused()
    {
        var problem = Fails(Without("decision_visibility"), "decision_visibility");
        Assert.Contains("decision_monetary", problem.Message);
    }

    [Fact]
    public void Illegal_content_ground_requires_the_legal_ground_and_the_explanation()
    {
        Fails(Without("illegal_content_legal_ground"), "illegal_content_legal_ground");
        Fails(Without("illegal_content_explanation"), "illegal_content_explanation");
    }

    [Fact]
    public void Incompatible_content_ground_requires_its_own_ground()
    {
        var s = Valid();
        s["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT";
        Fails(s, "incompatible_content_ground");
    }

    [Theory]
    [InlineData("decision_monetary", "DECISION_MONETARY_FREEZE")]
    [InlineData("decision_account", "ACCOUNT_TERMINATED")]
    [InlineData("decision_provision", "DECISION_PROVISION_SOME")]
    [InlineData("decision_ground", "ILLEGAL_CONTENT")]
    [InlineData("category", "STATEMENT_CATEGORY_COUNTERFEITS")]
    [InlineData("source_type", "SOURCE_COURT_ORDER")]
    [InlineData("automated_detection", "yes")]
    [InlineData("automated_decision", "Yes")]
    public void Value_outside_the_apis_enumeration_is_refused(string field, string value)
    {
        var problem = Fails(With(field, value), field);
        Assert.Contains("not one of the API's values", problem.Message);
    }

    [Fact]
    public void Array_fields_take_only_the_apis_values()
    {
        Fails(With("decision_visibility", new JsonArray("DECISION_VISIBILITY_CONTENT_HIDDEN")), "decision_visibility[0]");
        Fails(With("content_type", new JsonArray("CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_LISTING")), "content_type[1]");
        Fails(With("category_specification", new JsonArray("KEYWORD_COUNTERFEIT")), "category_specification[0]");
        Fails(With("territorial_scope", new JsonArray("US")), "territorial_scope[0]");
        Fails(With("content_type", "CONTENT_TYPE_PRODUCT"), "content_type");
    }

    [Fact]
    public void An_other_choice_needs_its_text()
    {
        Fails(With("decision_visibility", new JsonArray("DECISION_VISIBILITY_OTHER")), "decision_visibility_other");
        Fails(With("content_type", new JsonArray("CONTENT_TYPE_OTHER")), "content_type_other");
        Fails(With("decision_monetary", "DECISION_MONETARY_OTHER"), "decision_monetary_other");
    }

    [Fact]
    public void Facts_longer_than_5000_characters_are_refused()
    {
        Assert.Empty(StatementValidator.Check([[With("decision_facts", new string('x', 5000))]]));
        var problem = Fails(With("decision_facts", new string('x', 5001)), "decision_facts");
        Assert.Contains("5000", problem.Message);
    }

    [Fact]
    public void Texts_over_their_limits_are_refused()
    {
        Fails(With("illegal_content_legal_ground", new string('x', 501)), "illegal_content_legal_ground");
        Fails(With("illegal_content_explanation", new string('x', 2001)), "illegal_content_explanation");
        Fails(With("puid", new string('x', 501)), "puid");
    }

    [Theory]
    [InlineData("content_date", "2022-12-20T00:00:00Z")]
    [InlineData("application_date", "28/12/2022")]
    [InlineData("application_date", "2022-12-28-15")]
    [InlineData("end_date_visibility_restriction", "2023-02-30")]
    [InlineData("end_date_account_restriction", "20230201")]
    public void Dates_must_be_YYYY_MM_DD(string field, string value)
    {
        var problem = Fails(With(field, value), field);
        Assert.Contains("YYYY-MM-DD", problem.Message);
    }

    [Fact]
    public void Dates_must_fall_in_the_apis_range()
    {
        Fails(With("application_date", "2019-12-31"), "application_date");
        Fails(With("content_date", "1999-12-31"), "content_date");
        Fails(With("end_date_monetary_restriction", "2038-01-02"), "end_date_monetary_restriction");
        Assert.Empty(StatementValidator.Check([[With("content_date", "2000-01-01")]]));
    }

    [Theory]
    [InlineData("enjoin takedown 1")]
    [InlineData("enjoin/takedown/1")]
    [InlineData("enjoin.takedown.1")]
    [InlineData("L-1é")]
    [InlineData("enjoin-1\n")]
    public void Puid_outside_letters_digits_dash_and_underscore_is_refused(string puid)
    {
        var problem = Fails(Valid(puid), "puid");
        Assert.Contains("^[a-zA-Z0-9-_]+$", problem.Message);
    }

    [Fact]
    public void A_puid_used_twice_in_one_export_is_refused_even_across_batches()
    {
        var problems = StatementValidator.Check([[Valid("enjoin-a-1"), Valid("enjoin-a-2")], [Valid("enjoin-a-1")]]);
        var problem = Assert.Single(problems);
        Assert.Equal("puid", problem.Field);
        Assert.StartsWith("statement 3 (puid enjoin-a-1)", problem.Where);
        Assert.Contains("statement 1", problem.Message);
    }

    [Fact]
    public void A_batch_of_more_than_100_statements_is_refused()
    {
        var full = Enumerable.Range(1, 100).Select(i => Valid($"enjoin-a-{i}")).ToList();
        Assert.Empty(StatementValidator.Check([full]));
        var over = Enumerable.Range(1, 101).Select(i => Valid($"enjoin-a-{i}")).ToList();
        var problem = Assert.Single(StatementValidator.Check([over]));
        Assert.Equal("batch 1", problem.Where);
        Assert.Equal("statements", problem.Field);
        Assert.Single(StatementValidator.Check([[]]));
    }

    [Fact]
    public void A_field_the_api_does_not_have_is_refused()
    {
        var problem = Fails(With("platform_name", "Example Marketplace"), "platform_name");
        Assert.Contains("not a field", problem.Message);
    }

    [Fact]
    public void The_problem_names_the_statement_and_the_field()
    {
        var problem = Assert.Single(StatementValidator.Check([[Valid("enjoin-a-1"), With("category", "X")]]));
        Assert.Equal("statement 2 (puid enjoin-takedown_listing-1): category: \"X\" is not one of the API's values (STATEMENT_CATEGORY_ANIMAL_WELFARE, STATEMENT_CATEGORY_CONSUMER_INFORMATION, STATEMENT_CATEGORY_CYBER_VIOLENCE, … 20 in all)",
            problem.ToString());
    }
}
