// JsonFields: request bodies are read strictly, and every refusal names what is wrong.
#include "adapters/http/json_fields.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "test_support.hpp"

namespace transfers::http {
namespace {

using Kind = JsonScalar::Kind;

// The detail of a refused body (the EXPECT reports a body that was unexpectedly accepted).
std::string refusal(std::string_view body) {
    auto parsed = JsonFields::parse(body);
    EXPECT_FALSE(parsed.ok()) << "expected the body to be refused: " << body;
    if (parsed.ok()) return "";
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_request);
    return parsed.error().detail;
}

JsonFields parsed(std::string_view body) {
    auto fields = JsonFields::parse(body);
    EXPECT_TRUE(fields.ok()) << body << ": " << (fields.ok() ? "" : fields.error().detail);
    return fields.ok() ? *fields : JsonFields{};
}

// What positive_integer says about member "id" of `body`: the value, or the refusal detail.
std::string id_answer(std::string_view body) {
    auto id = parsed(body).positive_integer("id");
    return id.ok() ? std::to_string(*id) : id.error().detail;
}

std::string string_answer(std::string_view body) {
    auto text = parsed(body).string("amount");
    return text.ok() ? "ok:" + *text : text.error().detail;
}

// ---------------------------------------------------------------------------------------------
// The document

TEST(JsonFieldsParse, ReadsTheMembersOfAFlatObjectInOrder) {
    const JsonFields fields = parsed(R"({"a":1,"b":"x","c":true,"d":null,"e":1.5,"f":[1],"g":{"h":1}})");

    ASSERT_EQ(fields.members.size(), 7u);
    EXPECT_EQ(fields.members[0].name, "a");
    EXPECT_EQ(fields.members[0].value.kind, Kind::integer);
    EXPECT_EQ(fields.members[0].value.integer, 1);
    EXPECT_EQ(fields.members[1].value.kind, Kind::string);
    EXPECT_EQ(fields.members[1].value.text, "x");
    EXPECT_EQ(fields.members[2].value.kind, Kind::boolean);
    EXPECT_EQ(fields.members[3].value.kind, Kind::null);
    EXPECT_EQ(fields.members[4].value.kind, Kind::fractional_number);
    EXPECT_EQ(fields.members[5].value.kind, Kind::nested);
    EXPECT_EQ(fields.members[6].value.kind, Kind::nested);
}

TEST(JsonFieldsParse, AcceptsAnEmptyObject) { EXPECT_TRUE(parsed("{}").members.empty()); }

TEST(JsonFieldsParse, AcceptsWhitespaceAroundTheObject) {
    EXPECT_EQ(parsed("{\"a\":1}\n").members.size(), 1u);
    EXPECT_EQ(parsed("{\"a\":1}\r\n").members.size(), 1u);
    EXPECT_EQ(parsed(" \t\n{ \"a\" : 1 } \n\n").members.size(), 1u);
}

TEST(JsonFieldsParse, IgnoresMembersOfNestedObjects) {
    const JsonFields fields = parsed(R"({"outer":{"a":1,"a":2},"b":[{"c":3}]})");

    ASSERT_EQ(fields.members.size(), 2u);
    EXPECT_EQ(fields.members[0].name, "outer");
    EXPECT_EQ(fields.members[1].name, "b");
}

TEST(JsonFieldsParse, DecodesUnicodeEscapesInNamesAndStrings) {
    const JsonFields fields = parsed(R"({"\u0061mount":"\u0031\u0035\u0030","n":"\u00e9\ud83d\ude00"})");

    ASSERT_EQ(fields.members.size(), 2u);
    EXPECT_EQ(fields.members[0].name, "amount");
    EXPECT_EQ(fields.members[0].value.text, "150");
    EXPECT_EQ(fields.members[1].value.text, "\xC3\xA9\xF0\x9F\x98\x80");  // é and U+1F600 in UTF-8
}

TEST(JsonFieldsParse, RefusesMalformedJson) {
    for (std::string_view body : {"", " ", "{", "}", "{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "{'a':1}",
                                  "{a:1}", "{\"a\":01}", "{\"a\":1} x", "{\"a\":1}{}", "{\"a\":\"\x01\"}",
                                  "{\"a\":1} // comment", "{\"a\":\"\xff\"}", "{\"a\":NaN}"}) {
        EXPECT_EQ(refusal(body).rfind("body: malformed JSON (", 0), 0u) << "body: " << body;
    }
}

TEST(JsonFieldsParse, RefusesADocumentThatIsNotAnObject) {
    for (std::string_view body : {"[1]", "[]", "\"x\"", "1", "null", "true", "[{\"a\":1}]"}) {
        EXPECT_EQ(refusal(body), "body: must be a JSON object") << "body: " << body;
    }
}

TEST(JsonFieldsParse, RefusesAFieldGivenTwiceNamingIt) {
    EXPECT_EQ(refusal(R"({"amount":"1","amount":"2"})"), "amount: field given more than once");
    EXPECT_EQ(refusal(R"({"amount":"1","x":1,"amount":"1"})"), "amount: field given more than once");
}

TEST(JsonFieldsParse, SeesAFieldSpelledWithAnEscapeAsTheSameField) {
    EXPECT_EQ(refusal(R"({"amount":"1","\u0061mount":"2"})"), "amount: field given more than once");
}

TEST(JsonFieldsParse, RefusesNestingDeeperThanItsLimit) {
    EXPECT_EQ(refusal(R"({"a":[[[[[[[[[[1]]]]]]]]]]})").rfind("body: malformed JSON (", 0), 0u);
}

// ---------------------------------------------------------------------------------------------
// Unknown fields

TEST(JsonFieldsOnly, AcceptsAllowedFieldsInAnyOrderAndMissingOnes) {
    EXPECT_TRUE(parsed(R"({"b":1,"a":2})").only({"a", "b", "c"}).ok());
    EXPECT_TRUE(parsed("{}").only({"a"}).ok());
}

TEST(JsonFieldsOnly, RefusesTheFirstUnknownFieldNamingIt) {
    auto known = parsed(R"({"a":1,"extra":2,"more":3})").only({"a"});

    ASSERT_FALSE(known.ok());
    EXPECT_EQ(known.error().code, ErrorCode::invalid_request);
    EXPECT_EQ(known.error().detail, "extra: unknown field");
}

TEST(JsonFieldsOnly, ComparesNamesExactly) {
    auto known = parsed(R"({"Amount":"1"})").only({"amount"});

    ASSERT_FALSE(known.ok());
    EXPECT_EQ(known.error().detail, "Amount: unknown field");
}

// ---------------------------------------------------------------------------------------------
// Integers (account ids)

TEST(JsonFieldsPositiveInteger, ReadsIntegersFromOneToInt64Max) {
    EXPECT_EQ(id_answer(R"({"id":1})"), "1");
    EXPECT_EQ(id_answer(R"({"id":1001})"), "1001");
    EXPECT_EQ(id_answer(R"({"id":9223372036854775807})"), "9223372036854775807");
}

TEST(JsonFieldsPositiveInteger, RefusesZeroNegativesAndValuesBeyondInt64) {
    const std::string range = "id: must be an integer from 1 to 9223372036854775807";
    EXPECT_EQ(id_answer(R"({"id":0})"), range);
    EXPECT_EQ(id_answer(R"({"id":-0})"), range);
    EXPECT_EQ(id_answer(R"({"id":-1})"), range);
    EXPECT_EQ(id_answer(R"({"id":-9223372036854775808})"), range);
    EXPECT_EQ(id_answer(R"({"id":9223372036854775808})"), range);
    EXPECT_EQ(id_answer(R"({"id":18446744073709551615})"), range);
    EXPECT_EQ(id_answer(R"({"id":99999999999999999999})"), range);
    EXPECT_EQ(id_answer(R"({"id":-99999999999999999999})"), range);
}

TEST(JsonFieldsPositiveInteger, RefusesEveryOtherTypeNamingIt) {
    EXPECT_EQ(id_answer(R"({"id":"1001"})"), "id: must be an integer, not a string");
    EXPECT_EQ(id_answer(R"({"id":1001.0})"), "id: must be an integer, not a fractional number");
    EXPECT_EQ(id_answer(R"({"id":1.5})"), "id: must be an integer, not a fractional number");
    EXPECT_EQ(id_answer(R"({"id":1e3})"), "id: must be an integer, not a fractional number");
    EXPECT_EQ(id_answer(R"({"id":1E3})"), "id: must be an integer, not a fractional number");
    EXPECT_EQ(id_answer(R"({"id":true})"), "id: must be an integer, not a boolean");
    EXPECT_EQ(id_answer(R"({"id":false})"), "id: must be an integer, not a boolean");
    EXPECT_EQ(id_answer(R"({"id":null})"), "id: must be an integer, not null");
    EXPECT_EQ(id_answer(R"({"id":{"value":1}})"), "id: must be an integer, not an object or array");
    EXPECT_EQ(id_answer(R"({"id":[1]})"), "id: must be an integer, not an object or array");
}

TEST(JsonFieldsPositiveInteger, RefusesAMissingFieldAsRequired) {
    EXPECT_EQ(id_answer(R"({"other":1})"), "id: is required");
}

// ---------------------------------------------------------------------------------------------
// Strings (amounts)

TEST(JsonFieldsString, ReadsTheStringAsWritten) {
    EXPECT_EQ(string_answer(R"({"amount":"150"})"), "ok:150");
    EXPECT_EQ(string_answer(R"({"amount":" 1"})"), "ok: 1");  // judging the text is Money's job
    EXPECT_EQ(string_answer(R"({"amount":""})"), "ok:");
}

TEST(JsonFieldsString, RefusesEveryOtherTypeNamingIt) {
    EXPECT_EQ(string_answer(R"({"amount":150})"), "amount: must be a decimal string, not an integer");
    EXPECT_EQ(string_answer(R"({"amount":99999999999999999999})"),
              "amount: must be a decimal string, not an integer");
    EXPECT_EQ(string_answer(R"({"amount":1.5})"), "amount: must be a decimal string, not a fractional number");
    EXPECT_EQ(string_answer(R"({"amount":true})"), "amount: must be a decimal string, not a boolean");
    EXPECT_EQ(string_answer(R"({"amount":null})"), "amount: must be a decimal string, not null");
    EXPECT_EQ(string_answer(R"({"amount":["1"]})"), "amount: must be a decimal string, not an object or array");
    EXPECT_EQ(string_answer(R"({"amount":{}})"), "amount: must be a decimal string, not an object or array");
}

TEST(JsonFieldsString, RefusesAMissingFieldAsRequired) {
    EXPECT_EQ(string_answer("{}"), "amount: is required");
}

}  // namespace
}  // namespace transfers::http

namespace transfers::http {
namespace {

TEST(JsonFieldsParse, DataAfterTheObjectIsReportedAsSuch) {
    for (std::string_view body : {"{\"a\":1} x", "{\"a\":1}{}", "{\"a\":1} // comment"}) {
        auto parsed = JsonFields::parse(body);
        ASSERT_FALSE(parsed.ok()) << body;
        EXPECT_EQ(parsed.error().detail, "body: malformed JSON (data after the object)") << body;
    }
}

}  // namespace
}  // namespace transfers::http
