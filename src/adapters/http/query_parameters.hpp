// Query parameters: the decoded name=value pairs of a request target, checked against the names
// its route knows. One rule on every route: an unknown or repeated name is refused.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "domain/result.hpp"

namespace transfers::http {

class QueryParameters {
public:
    // The value of `name`, percent-decoded; empty when the query does not name it.
    std::optional<std::string_view> find(std::string_view name) const;

    std::vector<std::pair<std::string, std::string>> pairs;  // decoded, in query order
};

// The query string of `target` (after the first '?'), split at '&' and then at the first '=', each
// name and value percent-decoded after splitting (so "%26" and "%3D" are data). Refused, with the
// parameter named in the detail: a name not in `known` (route parameters are a closed set, as
// body fields are, so that a misspelt `limt=5` is an error rather than a silent default), a name
// given twice, a name that is empty, a malformed escape. Empty pieces ("a=1&&b=2", a trailing '&') carry nothing and
// are skipped. A parameter given without '=' has the empty value.
Result<QueryParameters, Error> decode_query(std::string_view target, std::initializer_list<std::string_view> known);

}  // namespace transfers::http
