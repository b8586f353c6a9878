#include "domain/account_ranges.hpp"

#include <algorithm>
#include <charconv>

namespace transfers {
namespace {

// Bounds the parse of a hostile list; a client's accounts are a handful of ranges in practice.
constexpr std::size_t ranges_max = 1000;

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t value = 0;
    if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value <= 0) return std::nullopt;
    return value;
}

}  // namespace

Result<AccountRanges, Error> AccountRanges::parse(std::string_view text, std::string_view field) {
    const auto wrong = [field](std::string why) {
        return fail(Error{ErrorCode::invalid_request, std::string(field) + ": " + why});
    };
    if (text.empty()) return wrong("at least one account id or range is required");
    AccountRanges parsed;
    while (true) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        const auto dash = item.find('-');
        const auto first = parse_id(item.substr(0, dash));
        const auto last = dash == std::string_view::npos ? first : parse_id(item.substr(dash + 1));
        if (!first || !last) {
            std::string why;  // appended: GCC 12 misreports "..." + std::string as overlapping memcpy
            why.append("\"").append(item).append("\" is not an account id or a range FIRST-LAST of positive ids");
            return wrong(std::move(why));
        }
        if (*last < *first) return wrong(std::string("the range ").append(item).append(" ends before it starts"));
        if (parsed.ranges_.size() == ranges_max) return wrong("at most 1000 ids and ranges");
        parsed.ranges_.push_back({*first, *last});
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    std::sort(parsed.ranges_.begin(), parsed.ranges_.end(),
              [](const Range& a, const Range& b) { return a.first < b.first; });
    std::vector<Range> merged;
    for (const Range& range : parsed.ranges_) {
        // Adjacent ranges merge too; last + 1 cannot overflow because ids are below INT64_MAX here
        // or equal to it, which nothing follows.
        if (!merged.empty() && (merged.back().last == INT64_MAX || range.first <= merged.back().last + 1)) {
            merged.back().last = std::max(merged.back().last, range.last);
        } else {
            merged.push_back(range);
        }
    }
    parsed.ranges_ = std::move(merged);
    return parsed;
}

bool AccountRanges::contains(AccountId id) const {
    const auto after = std::upper_bound(ranges_.begin(), ranges_.end(), id.value,
                                        [](std::int64_t value, const Range& range) { return value < range.first; });
    return after != ranges_.begin() && std::prev(after)->last >= id.value;
}

std::string AccountRanges::format() const {
    std::string text;
    for (const Range& range : ranges_) {
        if (!text.empty()) text += ',';
        text += std::to_string(range.first);
        if (range.last != range.first) text.append("-").append(std::to_string(range.last));
    }
    return text;
}

}  // namespace transfers
