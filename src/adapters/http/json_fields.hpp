// JsonFields: the members of a flat JSON object request body, read strictly (no duplicates).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/result.hpp"

namespace transfers::http {

// One member value. Only scalars are kept; nested objects and arrays are remembered as such
// so that a field of the wrong type gets a precise error rather than a parse failure.
struct JsonScalar {
    enum class Kind { string, integer, integer_out_of_range, fractional_number, boolean, null, nested };
    Kind kind = Kind::null;
    std::string text;         // the string's content for Kind::string
    std::int64_t integer = 0; // the value for Kind::integer
};

class JsonFields {
public:
    // Parses `body` as one JSON object. Fails on malformed JSON, a non-object document and a
    // member name given twice; every failure detail is safe to show to the client.
    static Result<JsonFields, Error> parse(std::string_view body);

    // Fails naming the first member that is not in `allowed`.
    Result<void, Error> only(std::initializer_list<std::string_view> allowed) const;

    // A required member holding a JSON integer that is a valid account id (1 .. 2^63-1).
    Result<std::int64_t, Error> positive_integer(std::string_view name) const;
    // A required member holding a JSON string.
    Result<std::string, Error> string(std::string_view name) const;

    struct Member {
        std::string name;
        JsonScalar value;
    };
    std::vector<Member> members;

private:
    const JsonScalar* find(std::string_view name) const;
};

}  // namespace transfers::http
