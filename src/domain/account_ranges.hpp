// AccountRanges: a set of account ids written as ids and inclusive ranges ("1000-1999,2500"),
// the accounts a client may debit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/account_id.hpp"
#include "domain/error.hpp"
#include "domain/result.hpp"

namespace transfers {

class AccountRanges {
public:
    struct Range {
        std::int64_t first;
        std::int64_t last;  // inclusive
        bool operator==(const Range&) const = default;
    };

    // Comma-separated ids and FIRST-LAST ranges, at least one; overlaps are merged. The error
    // names `field`.
    static Result<AccountRanges, Error> parse(std::string_view text, std::string_view field);
    bool contains(AccountId id) const;
    // Canonical text: ranges sorted and merged, a single id without a dash.
    std::string format() const;
    const std::vector<Range>& ranges() const { return ranges_; }
    bool operator==(const AccountRanges&) const = default;

private:
    std::vector<Range> ranges_;  // sorted by first, disjoint and not adjacent
};

}  // namespace transfers
